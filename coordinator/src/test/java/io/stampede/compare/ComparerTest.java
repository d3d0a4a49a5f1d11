package io.stampede.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.stampede.metrics.Percentiles;
import io.stampede.results.ResultsJson;
import io.stampede.results.Summary;

class ComparerTest {
    static final ObjectMapper READER = ResultsJson.MAPPER.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void latencyBeyondTheToleranceIsARegressionAndWithinItIsNot() {
        Summary base = run("a", 100.0, step("ask", 100, 0, 200));
        Summary slower = run("b", 100.0, step("ask", 100, 0, 260));   // +30%
        Summary alike = run("c", 100.0, step("ask", 100, 0, 208));    // +4%, within the 5% floor

        assertThat(line(Comparer.compare(base, slower, CompareOptions.DEFAULTS), "step", "ask", "p95").verdict()).isEqualTo("regression");
        assertThat(line(Comparer.compare(base, alike, CompareOptions.DEFAULTS), "step", "ask", "p95").verdict()).isEqualTo("same");
        assertThat(line(Comparer.compare(slower, base, CompareOptions.DEFAULTS), "step", "ask", "p95").verdict()).isEqualTo("improvement");
    }

    @Test
    void aChangeBelowOneMillisecondIsNoiseWhateverItsPercent() {
        Summary base = run("a", 100.0, step("ask", 100, 0, 0.4));
        Summary candidate = run("b", 100.0, step("ask", 100, 0, 1.2)); // +200%, but 0.8 ms

        Comparison c = Comparer.compare(base, candidate, CompareOptions.DEFAULTS);

        assertThat(line(c, "step", "ask", "p95").verdict()).isEqualTo("same");
    }

    @Test
    void ratesRegressWhenTheyDropByMoreThanTheToleranceInPoints() {
        Summary base = run("a", 99.5, step("ask", 1000, 5, 200));
        Summary slightlyWorse = run("b", 98.9, step("ask", 1000, 11, 200));
        Summary worse = run("c", 97.0, step("ask", 1000, 30, 200));

        assertThat(line(Comparer.compare(base, slightlyWorse, CompareOptions.DEFAULTS), "run", "all", "success rate").regression()).isFalse();
        Comparison c = Comparer.compare(base, worse, CompareOptions.DEFAULTS);
        assertThat(line(c, "run", "all", "success rate").regression()).isTrue();
        assertThat(line(c, "step", "ask", "success rate").regression()).isTrue();
        assertThat(line(c, "run", "all", "success rate").delta()).isEqualTo(-2.5);
    }

    @Test
    void tokensAndCostAreComparedPerExecutionSoRunLengthDoesNotMatter() {
        Summary base = run("a", 100.0, step("ask", 100, 0, 200, 10_000, 0.01));
        Summary longer = run("b", 100.0, step("ask", 300, 0, 200, 30_000, 0.03));    // same per run
        Summary wordier = run("c", 100.0, step("ask", 100, 0, 200, 15_000, 0.015));  // +50% per run

        assertThat(Comparer.compare(base, longer, CompareOptions.DEFAULTS).regressed()).isFalse();
        Comparison c = Comparer.compare(base, wordier, CompareOptions.DEFAULTS);
        assertThat(line(c, "step", "ask", "tokens per run").regression()).isTrue();
        assertThat(line(c, "step", "ask", "cost per run").regression()).isTrue();
        assertThat(line(c, "step", "ask", "count").regression()).isFalse();
    }

    @Test
    void stepsOnOneSideOnlyAreShownButNotJudged() {
        Summary base = run("a", 100.0, step("ask", 100, 0, 200), step("old", 100, 0, 100));
        Summary candidate = run("b", 100.0, step("ask", 100, 0, 200), step("new", 100, 0, 100));

        Comparison c = Comparer.compare(base, candidate, CompareOptions.DEFAULTS);

        assertThat(line(c, "step", "old", "p95").verdict()).isEqualTo("gone");
        assertThat(line(c, "step", "new", "p95").verdict()).isEqualTo("new");
        assertThat(c.regressed()).isFalse();
    }

    @Test
    void checkPassRatesAndNodesAreCompared() {
        Summary base = withNodeAndCheck(run("a", 100.0, step("ask", 100, 0, 200)), 50, 100.0);
        Summary candidate = withNodeAndCheck(run("b", 100.0, step("ask", 100, 0, 200)), 120, 90.0);

        Comparison c = Comparer.compare(base, candidate, CompareOptions.DEFAULTS);

        assertThat(line(c, "node", "llm_call", "p95").regression()).isTrue();
        assertThat(line(c, "check", "ask/intent", "pass rate").regression()).isTrue();
        assertThat(c.regressions()).isEqualTo(4); // the node's p50, p95 and p99, and the check
    }

    @Test
    void toleranceIsReadAsUsersWriteIt() {
        assertThat(CompareOptions.parsePercent("10%", "t")).isEqualTo(10.0);
        assertThat(CompareOptions.parsePercent(" 7.5 % ", "t")).isEqualTo(7.5);
        assertThat(CompareOptions.parsePercent("0", "t")).isZero();
        assertThatThrownBy(() -> CompareOptions.parsePercent("-3%", "tolerance")).hasMessage("tolerance must be a percentage like 10%, got '-3%'");
    }

    @Test
    void differentScenariosAreComparedWithANote() {
        Summary base = run("a", 100.0, step("ask", 100, 0, 200));
        Map<String, Object> other = summaryFields("b", 100.0, List.of(step("ask", 100, 0, 200)));
        other.put("scenario", "another");

        assertThat(Comparer.compare(base, summary(other), CompareOptions.DEFAULTS).warnings()).anyMatch(n -> n.contains("different scenarios"));
    }

    @Test
    void aSubMillisecondNodeThatGrewIsNoRegressionAndNoHugePercent() {
        // The case that used to fail builds: tool_call p99 0.2 → 1.4 ms read "+600%" and exited 1.
        Summary base = withNodeAndCheck(run("a", 100.0, step("ask", 100, 0, 200)), 0.2, 100);
        Summary candidate = withNodeAndCheck(run("b", 100.0, step("ask", 100, 0, 200)), 1.4, 100);

        Comparison c = Comparer.compare(base, candidate, CompareOptions.DEFAULTS);

        Comparison.Line p95 = line(c, "node", "llm_call", "p95");
        assertThat(p95.regression()).isFalse();
        assertThat(p95.deltaPct()).as("no percent of a base under a millisecond").isNull();
        assertThat(c.regressed()).isFalse();
        assertThat(c.verdict()).startsWith("NO REGRESSION");
    }

    @Test
    void aRateDropThatChanceExplainsIsNoRegressionButALargeOneIs() {
        Summary small = run("a", 100.0, step("ask", 20, 0, 200));
        Summary fewWorse = run("b", 95.0, step("ask", 20, 1, 200));      // 1 of 20 failed: 5 points, p ≈ 0.16
        Summary base = run("a", 100.0, step("ask", 200, 0, 200));
        Summary manyWorse = run("c", 80.0, step("ask", 200, 40, 200));   // 40 of 200 failed

        assertThat(line(Comparer.compare(small, fewWorse, CompareOptions.DEFAULTS), "step", "ask", "success rate").regression()).isFalse();
        Comparison c = Comparer.compare(base, manyWorse, CompareOptions.DEFAULTS);
        Comparison.Line worse = line(c, "step", "ask", "success rate");
        assertThat(worse.regression()).isTrue();
        assertThat(worse.test()).isEqualTo("proportions");
        assertThat(worse.ciHigh()).isNegative();
        assertThat(worse.pAdjusted()).isLessThan(0.01);
        assertThat(c.verdict()).startsWith("REGRESSION").contains("step ask success rate");
    }

    @Test
    void differentLoadsAreWarnedAbout() {
        Map<String, Object> more = summaryFields("b", 100.0, List.of(step("ask", 100, 0, 200)));
        more.put("users", new Summary.Users(50, 50, 50, 0));

        assertThat(Comparer.compare(run("a", 100.0, step("ask", 100, 0, 200)), summary(more), CompareOptions.DEFAULTS).warnings())
                .anyMatch(w -> w.contains("different loads: 10 users in a, 50 in b"));
    }

    // ---- helpers

    static Comparison.Line line(Comparison c, String scope, String name, String metric) {
        return c.lines().stream().filter(l -> l.scope().equals(scope) && l.name().equals(name) && l.metric().equals(metric))
                .findFirst().orElseThrow(() -> new AssertionError("no line " + scope + " " + name + " " + metric + " in " + c.lines()));
    }

    static Percentiles latency(long count, double p95) {
        return new Percentiles(count, p95 / 4, p95 / 2, p95 / 2, p95 * 0.9, p95, p95 * 1.2, p95 * 1.3, p95 * 1.4);
    }

    static Summary.StepLine step(String name, long count, long errors, double p95) {
        return step(name, count, errors, p95, 0, null);
    }

    static Summary.StepLine step(String name, long count, long errors, double p95, long tokens, Double cost) {
        return new Summary.StepLine(name, "send", count, errors, 100.0 * (count - errors) / count, latency(count, p95), null,
                tokens / 2, tokens - tokens / 2, cost, List.of());
    }

    /** Summaries are built from their JSON form, as read from disk, so a new field does not break these tests. */
    static Summary run(String id, double successRate, Summary.StepLine... steps) {
        return summary(summaryFields(id, successRate, List.of(steps)));
    }

    static Map<String, Object> summaryFields(String id, double successRate, List<Summary.StepLine> steps) {
        long count = steps.stream().mapToLong(Summary.StepLine::count).sum();
        long errors = steps.stream().mapToLong(Summary.StepLine::errors).sum();
        double p95 = steps.stream().mapToDouble(s -> s.latencyMs().p95()).max().orElse(0);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("run_id", id);
        s.put("scenario", "flow");
        s.put("status", "done");
        s.put("started_at", "2026-01-01T00:00:00Z");
        s.put("duration_s", 60);
        s.put("users", new Summary.Users(10, 10, 10, 0));
        s.put("conversations", new Summary.Conversations(count, count - errors, errors, 0, 0, 0));
        s.put("success_rate", successRate);
        s.put("requests", new Summary.Requests(count, errors, count / 60.0, 100.0 * errors / count));
        s.put("latency_ms", latency(count, p95));
        s.put("steps", steps);
        s.put("nodes", List.of());
        s.put("checks", List.of());
        s.put("tokens", new Summary.Tokens(0, 0, 0, 0, 0));
        return s;
    }

    static Summary summary(Map<String, Object> fields) {
        return READER.convertValue(fields, Summary.class);
    }

    static Summary withNodeAndCheck(Summary s, double nodeP95, double passRate) {
        Map<String, Object> fields = READER.convertValue(s, new TypeReference<Map<String, Object>>() { });
        fields.put("nodes", List.of(new Summary.NodeLine("llm_call", 200, 0, 100, latency(200, nodeP95), 0, List.of())));
        fields.put("checks", List.of(new Summary.CheckLine("ask", "intent", 100, (long) (100 - passRate), passRate, 0)));
        return summary(fields);
    }
}
