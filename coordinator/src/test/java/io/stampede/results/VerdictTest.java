package io.stampede.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.stampede.results.Verdict.Outcome;

/** One verdict, the same words everywhere: what a run comes to and the exit code that follows. */
class VerdictTest {
    private static Summary.ThresholdResult threshold(String metric, String op, double limit, Double actual, boolean passed, String unit) {
        return new Summary.ThresholdResult(metric, metric + " " + op + " " + limit, actual, limit, passed, "", op, unit);
    }

    private static Verdict done(Summary.ThresholdResult... thresholds) {
        return Verdict.judge("done", null, List.of(thresholds).stream()
                .map(t -> new Verdict.Criterion("threshold", t.expression(), t.passed(), Verdict.detail(t))).toList());
    }

    @Test
    void aFailedThresholdNamesTheFigureAndTheLimitItMissed() {
        Verdict v = done(threshold("success_rate", ">=", 99, 90.909, false, "%"),
                threshold("p95_latency", "<", 2000, 641.5, true, "ms"),
                threshold("tokens_per_conversation", "<", 4000, 523.0, true, ""),
                threshold("rps", ">", 1, 11.2, true, ""),
                threshold("error_rate", "<", 5, 0.0, true, "%"));

        assertThat(v.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(v.line(v.outcome().exitCode())).isEqualTo("✗ 1 of 5 thresholds failed (success_rate 90.9% < 99%) → exit 1");
    }

    @Test
    void latenciesOfASecondOrMoreAreShownInSeconds() {
        Verdict v = done(threshold("p95_latency", "<", 2000, 2510.3, false, "ms"));

        assertThat(v.headline()).isEqualTo("1 of 1 threshold failed (p95_latency 2.51 s >= 2 s)");
    }

    @Test
    void figuresKeepTheDecimalsThatTellThemApartFromTheLimit() {
        assertThat(done(threshold("success_rate", ">=", 99.99, 99.95, false, "%")).headline())
                .contains("success_rate 99.95% < 99.99%");
        assertThat(done(threshold("p99_latency", "<=", 500, 500.4, false, "ms")).headline())
                .contains("p99_latency 500.4 ms > 500 ms");
    }

    @Test
    void beyondTwoFailuresTheHeadlineSaysHowManyMore() {
        Verdict v = done(threshold("a", "<", 1, 2.0, false, ""), threshold("b", "<", 1, 2.0, false, ""),
                threshold("c", "<", 1, 2.0, false, ""), threshold("d", "<", 1, null, false, ""));

        assertThat(v.headline()).isEqualTo("4 of 4 thresholds failed (a 2 >= 1; b 2 >= 1; and 2 more)");
        assertThat(v.failed()).extracting(Verdict.Criterion::detail).contains("d not measured");
    }

    @Test
    void aRunWhoseThresholdsAllHoldPassesWithExitZero() {
        Verdict v = done(threshold("success_rate", ">=", 99, 100.0, true, "%"), threshold("p95_latency", "<", 2000, 641.5, true, "ms"));

        assertThat(v.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(v.line(0)).isEqualTo("✓ all 2 thresholds hold → exit 0");
    }

    @Test
    void aRunWithoutThresholdsIsNeitherGreenNorRed() {
        Verdict v = done();

        assertThat(v.outcome()).isEqualTo(Outcome.FINISHED);
        assertThat(v.outcome().exitCode()).isZero();
        assertThat(v.headline()).isEqualTo("finished; no thresholds to judge it by");
    }

    @Test
    void anAbortedRunIsNotJudgedOnItsPartialFigures() {
        Verdict v = Verdict.judge("aborted", "interrupted",
                List.of(new Verdict.Criterion("threshold", "success_rate >= 99%", true, "success_rate 100% >= 99%")));

        assertThat(v.outcome()).isEqualTo(Outcome.ABORTED);
        assertThat(v.outcome().exitCode()).isEqualTo(3);
        assertThat(v.line(3)).isEqualTo("✗ aborted (interrupted): partial results, not judged → exit 3");
    }

    @Test
    void aRunThatCouldNotBeCarriedOutSaysWhy() {
        Verdict v = Verdict.judge("failed", "no worker joined within 30 s", List.of());

        assertThat(v.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(v.headline()).isEqualTo("could not be carried out: no worker joined within 30 s");
    }

    @Test
    void theSummaryCarriesItsVerdictAndReadsBackWithoutIt() throws Exception {
        Summary summary = KnownRun.summary();
        String json = ResultsJson.MAPPER.writeValueAsString(summary);
        JsonNode node = ResultsJson.MAPPER.readTree(json);

        assertThat(node.path("verdict").path("outcome").asText()).isEqualTo(summary.verdict().outcome().wireName());
        assertThat(node.path("verdict").path("headline").asText()).isEqualTo(summary.verdict().headline());
        assertThat(ResultsJson.MAPPER.readValue(json, Summary.class)).isEqualTo(summary);
    }
}
