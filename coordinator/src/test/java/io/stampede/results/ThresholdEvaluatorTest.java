package io.stampede.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.stampede.results.Summary.ThresholdResult;

/** Each threshold measure, at run, step and node scope, decided on the hand-made numbers of {@link KnownRun}. */
class ThresholdEvaluatorTest {
    private final Map<String, ThresholdResult> results = new ThresholdEvaluator(KnownRun.scenario(), KnownRun.totals(),
            KnownRun.DURATION_S).evaluate().stream().collect(Collectors.toMap(ThresholdResult::metric, Function.identity()));

    @Test
    void everyThresholdOfTheScenarioGetsAVerdict() {
        assertThat(results).hasSize(KnownRun.scenario().thresholds().size());
    }

    @Test
    void successAndErrorRatesAreOverConversations() {
        assertVerdict("success_rate", 90.0, true);
        assertVerdict("error_rate", 10.0, false);
        assertThat(results.get("error_rate").message()).isEqualTo("error_rate is 10%, limit < 5%: FAILED");
        assertThat(results.get("success_rate").message()).isEqualTo("success_rate is 90%, limit >= 80%: holds");
    }

    @Test
    void runLatenciesComeFromAllStepsMergedIntoOneHistogram() {
        assertVerdict("p50_latency", 20.0, true);
        assertVerdict("p95_latency", 900.0, true);
        assertVerdict("max_latency", 1000.0, false);
        assertThat(results.get("max_latency").message()).startsWith("max_latency is 1000.").endsWith("ms, limit < 1000ms: FAILED");
    }

    @Test
    void stepThresholdsReadOnlyTheirStep() {
        assertVerdict("step.ask_refund.p99_latency", 1000.0, true);
        assertVerdict("step.ask_refund.error_rate", 10.0, true);
        assertVerdict("step.get_order.success_rate", 100.0, true);
    }

    @Test
    void nodeThresholdsReadTheNodeType() {
        assertVerdict("node.llm_call.p95_latency", 2000.0, false);
        assertVerdict("node.llm_call.success_rate", 100.0 * 21 / 22, true);
    }

    @Test
    void aNodeNeverSeenFailsSayingNothingWasMeasured() {
        ThresholdResult rag = results.get("node.rag.p95_latency");

        assertThat(rag.passed()).isFalse();
        assertThat(rag.actual()).isNull();
        assertThat(rag.message()).isEqualTo("nothing was measured for node.rag.p95_latency");
    }

    @Test
    void timeToFirstTokenWithoutStreamingFailsSayingNothingWasMeasured() {
        assertThat(results.get("ttft.p95").passed()).isFalse();
        assertThat(results.get("ttft.p95").message()).isEqualTo("nothing was measured for ttft.p95");
        assertThat(results.get("step.get_order.ttft.p95").passed()).isFalse();
    }

    @Test
    void tokensAndCostArePerCompletedConversation() {
        // 10 × (1000 + 500) tokens over 10 conversations; 10,000 × $2/M + 5,000 × $8/M = $0.06
        assertVerdict("tokens_per_conversation", 1500.0, true);
        assertVerdict("total_cost", 0.06, false);
        assertVerdict("cost_per_conversation", 0.006, true);
    }

    @Test
    void requestsPerSecondAreStepsOverTheDuration() {
        assertVerdict("rps", 2.0, true);
    }

    private void assertVerdict(String metric, double actual, boolean passed) {
        ThresholdResult r = results.get(metric);
        assertThat(r).as(metric).isNotNull();
        // HdrHistogram reports the top of a value's bucket: within 0.1% at 3 significant digits.
        assertThat(r.actual()).as(metric).isCloseTo(actual, within(Math.max(0.001, actual * 0.001)));
        assertThat(r.passed()).as(metric + ": " + r.message()).isEqualTo(passed);
    }
}
