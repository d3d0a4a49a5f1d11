package io.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.stampede.results.Summary;

/**
 * A judge that cannot say — no score in its answer, a score outside the scale, no answer at all —
 * leaves its check not evaluated, with the reason, never passed and never failed: the steps
 * succeed on their other checks.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class JudgeVerdictsTest {

    @Test
    void aJudgeThatCannotSayLeavesItsCheckNotEvaluatedWithTheReason(@TempDir Path out) {
        assertThat(Main.execute("run", "src/test/resources/workloads/judge-cannot-say.yaml", "--out", out.toString(), "--quiet"))
                .isEqualTo(ExitCodes.OK);

        Summary summary = Workloads.summary(Workloads.runFolder(out));
        assertThat(summary.conversations().succeeded()).isEqualTo(4);
        assertNotEvaluated(Workloads.check(summary, "ask", "assert.judge"), "the judge's answer holds no score: \"I cannot decide on this one.\"");
        assertNotEvaluated(Workloads.check(summary, "steps", "assert.judge"), "the judge's score 10 is outside the scale 1..5");
        Summary.CheckLine unreachable = Workloads.check(summary, "assert_3", "assert.judge");
        assertThat(unreachable.count()).isZero();
        assertThat(unreachable.notEvaluatedReasons().get(0).reason()).startsWith("the judge did not answer: ");
        assertThat(Workloads.check(summary, "ask", "assert.intent").passRate()).isEqualTo(100.0);
        assertThat(summary.judge().errors()).as("the unreachable judge's calls").isEqualTo(4);
    }

    private static void assertNotEvaluated(Summary.CheckLine line, String reason) {
        assertThat(line.count()).as("judged").isZero();
        assertThat(line.failures()).isZero();
        assertThat(line.notEvaluated()).isEqualTo(4);
        assertThat(line.notEvaluatedReasons()).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(reason);
            assertThat(f.count()).isEqualTo(4);
        });
    }
}
