package io.stampede.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** τ-bench's pass^k estimator for one task: C(c, k) / C(n, k), checked between all-pass and all-fail. */
class PassKTest {
    @Test
    void aTaskThatPassedSomeAttemptsCountsTheChanceThatKDrawnAllPassed() {
        // 2 of 4 passed: of the C(4, 2) = 6 pairs of attempts one passed twice, so 1/6, not (2/4)² = 1/4.
        assertThat(PassK.ofTask(2, 4, 2)).isCloseTo(1.0 / 6, within(1e-12));
        assertThat(PassK.ofTask(2, 4, 1)).isCloseTo(0.5, within(1e-12));
        assertThat(PassK.ofTask(3, 4, 2)).isCloseTo(3.0 / 6, within(1e-12));
        assertThat(PassK.ofTask(3, 4, 3)).isCloseTo(1.0 / 4, within(1e-12));
        assertThat(PassK.ofTask(3, 5, 2)).isCloseTo(3.0 / 10, within(1e-12));
        assertThat(PassK.ofTask(2, 4, 3)).isZero();
    }

    @Test
    void allPassIsOneAndAllFailIsZero() {
        for (int j = 1; j <= 4; j++) {
            assertThat(PassK.ofTask(4, 4, j)).isEqualTo(1.0);
            assertThat(PassK.ofTask(0, 4, j)).isZero();
        }
    }
}
