package io.stampede.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import io.stampede.metrics.KeyStats;
import io.stampede.metrics.MetricKey;
import io.stampede.metrics.MetricsSnapshot;

/** summary.json's pass^k from tasks recorded as the worker records them, with tasks between all-pass and all-fail. */
class PassKFiguresTest {
    @Test
    void passKAveragesEachTasksEstimateOverMixedTasks() {
        MetricsSnapshot totals = new MetricsSnapshot();
        // Four tasks of 4 attempts: one passed 4, one 3, one 2, one none.
        task(totals.key(MetricKey.TASKS), 4, 4);
        task(totals.key(MetricKey.TASKS), 3, 4);
        task(totals.key(MetricKey.TASKS), 2, 4);
        task(totals.key(MetricKey.TASKS), 0, 4);
        // The step: two tasks, of which one passed 2 of 4.
        task(totals.key(MetricKey.passK("ask")), 4, 4);
        task(totals.key(MetricKey.passK("ask")), 2, 4);

        Summary.PassK passK = GoodputFigures.passK(totals, 4);

        // pass^j = mean over tasks of C(c, j) / C(4, j):
        //   j=1: (1 + 3/4 + 2/4 + 0) / 4 = 56.25 %     j=2: (1 + 3/6 + 1/6 + 0) / 4 = 41.667 %
        //   j=3: (1 + 1/4 + 0 + 0) / 4 = 31.25 %       j=4: (1 + 0 + 0 + 0) / 4 = 25 %
        // ((c/4)^j, the naive estimate, would give 45.31 % at j=2.)
        assertThat(passK.k()).isEqualTo(4);
        assertThat(passK.tasks()).isEqualTo(4);
        assertThat(passK.curve()).containsExactly(56.25, 41.667, 31.25, 25.0);
        assertThat(passK.passK()).isEqualTo(25.0);
        Summary.PassKStep ask = passK.steps().get(0);
        assertThat(ask.step()).isEqualTo("ask");
        assertThat(ask.tasks()).isEqualTo(2);
        // j=2: (1 + 1/6) / 2 = 58.333 %
        assertThat(ask.curve().get(1)).isCloseTo(58.333, within(0.001));
        assertThat(ask.passK()).isEqualTo(50.0);
    }

    @Test
    void withoutRepeatOrTasksThereIsNoPassK() {
        MetricsSnapshot totals = new MetricsSnapshot();
        assertThat(GoodputFigures.passK(totals, 4)).isNull();
        task(totals.key(MetricKey.TASKS), 1, 1);
        assertThat(GoodputFigures.passK(totals, 1)).isNull();
    }

    /** As ConversationJudge records a task: ok when all k passed, else the reason "passed c of k". */
    private static void task(KeyStats key, int passed, int k) {
        key.record(-1, passed == k);
        if (passed < k) {
            key.addFailure(MetricKey.attemptsPassed(passed, k));
        }
    }
}
