package io.stampede.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.stampede.metrics.KeyStats;
import io.stampede.metrics.MetricsSnapshot;
import io.stampede.metrics.Percentiles;

/** The summary of {@link KnownRun}'s hand-made numbers, field by field. */
class SummaryBuilderTest {
    private static final long START = 1_760_000_000_000L;
    private final Summary summary = SummaryBuilder.build(KnownRun.scenario(),
            new SummaryBuilder.RunFacts("20261126-000000-abcd", "done", null, START, START + 10_000, 10, null,
                    List.of(new Summary.WorkerLine("w-1", "s0", 6, 3, "finished"), new Summary.WorkerLine("w-2", "s1", 4, -7, "finished")),
                    List.of("a note")),
            KnownRun.totals());

    @Test
    void runFactsAndCountsAreAsRecorded() {
        assertThat(summary.runId()).isEqualTo("20261126-000000-abcd");
        assertThat(summary.scenario()).isEqualTo("thresholds");
        assertThat(summary.status()).isEqualTo("done");
        assertThat(summary.startedAt()).isEqualTo("2025-10-09T08:53:20Z");
        assertThat(summary.durationS()).isEqualTo(10.0);
        assertThat(summary.users()).isEqualTo(new Summary.Users(10, 10, 10, 0));
        assertThat(summary.arrivals()).as("closed model").isNull();
        assertThat(summary.conversations()).isEqualTo(new Summary.Conversations(10, 9, 1, 0, 0, 0));
        assertThat(summary.successRate()).isEqualTo(90.0);
        assertThat(summary.requests()).isEqualTo(new Summary.Requests(20, 1, 2.0, 5.0));
        assertThat(summary.notes()).containsExactly("a note");
        assertThat(summary.maxClockSkewMs()).isEqualTo(7);
    }

    @Test
    void latencyPercentilesComeFromTheMergedHistogramOfAllSteps() {
        KeyStats all = KnownRun.totals().allSteps();

        assertThat(summary.latencyMs()).isEqualTo(Percentiles.of(all.latency()));
        assertThat(summary.latencyMs().count()).isEqualTo(20);
        assertThat(summary.latencyMs().p50()).isCloseTo(20.0, org.assertj.core.api.Assertions.within(0.05));
        assertThat(summary.ttftMs()).as("nothing was streamed").isNull();
    }

    @Test
    void stepsAreListedInScenarioOrderWithoutWaits() {
        assertThat(summary.steps()).extracting(Summary.StepLine::name).containsExactly("ask_refund", "get_order");
        Summary.StepLine ask = summary.steps().get(0);
        assertThat(ask.kind()).isEqualTo("send");
        assertThat(ask.count()).isEqualTo(10);
        assertThat(ask.errors()).isEqualTo(1);
        assertThat(ask.successRate()).isEqualTo(90.0);
        assertThat(ask.inputTokens()).isEqualTo(10_000);
        assertThat(ask.outputTokens()).isEqualTo(5_000);
        assertThat(ask.cost()).isEqualTo(0.06);
        assertThat(ask.failures()).containsExactly(new Summary.Failure("intent greeting, expected refund", 1));
        Summary.StepLine order = summary.steps().get(1);
        assertThat(order.kind()).isEqualTo("request");
        assertThat(order.successRate()).isEqualTo(100.0);
        assertThat(order.latencyMs().max()).isCloseTo(20.0, org.assertj.core.api.Assertions.within(0.02));
    }

    @Test
    void nodesAndChecksHaveTheirOwnLines() {
        assertThat(summary.nodes()).hasSize(1);
        Summary.NodeLine llm = summary.nodes().get(0);
        assertThat(llm.name()).isEqualTo("llm_call");
        assertThat(llm.count()).isEqualTo(22);
        assertThat(llm.errors()).isEqualTo(1);
        assertThat(llm.tokens()).isEqualTo(200);
        assertThat(llm.failures()).containsExactly(new Summary.Failure("status error", 1));
        assertThat(summary.checks()).containsExactly(new Summary.CheckLine("ask_refund", "expect.intent", 10, 1, 90.0, 0));
    }

    @Test
    void eachNodeSitsUnderTheOtherTypeItRanInsideMostOften() {
        MetricsSnapshot totals = new MetricsSnapshot();
        for (String node : List.of("agent", "llm_call", "tool_call")) {
            totals.key("node:" + node).record(1000, true);
        }
        count(totals, "nest:agent>llm_call", 10);
        count(totals, "nest:tool_call>llm_call", 2);
        count(totals, "nest:llm_call>tool_call", 8);
        count(totals, "nest:agent>agent", 50); // a sub-agent: says nothing of where agents sit
        Summary s = SummaryBuilder.build(KnownRun.scenario(), new SummaryBuilder.RunFacts("r", "done", null, START, START + 1000,
                1, null, List.of(), List.of()), totals);

        assertThat(s.nodes()).extracting(Summary.NodeLine::name, Summary.NodeLine::parent).containsExactly(
                tuple("agent", null), tuple("llm_call", "agent"), tuple("tool_call", "llm_call"));
    }

    private static void count(MetricsSnapshot totals, String key, int n) {
        for (int i = 0; i < n; i++) {
            totals.key(key).record(-1, true);
        }
    }

    @Test
    void tokensAndCostArePerCompletedConversation() {
        assertThat(summary.tokens()).isEqualTo(new Summary.Tokens(10_000, 5_000, 15_000, 1_500.0, 500.0));
        assertThat(summary.cost()).isEqualTo(new Summary.Cost("demo-gpt", 0.06, 0.006, "USD"));
    }

    @Test
    void theSummarySaysWhatItsTokenFiguresRestOn() throws Exception {
        KeyStats reported = new KeyStats();
        reported.addTokens(100, 50, true);
        KeyStats counted = new KeyStats();
        counted.addTokens(100, 50, false);
        counted.addTokens(100, 50, false);
        KeyStats both = reported.copy();
        both.add(counted);
        var demo = KnownRun.scenario(); // model demo-gpt: no tokenizer of its own
        var gpt4o = io.stampede.scenario.ScenarioLoader.load(new io.stampede.scenario.ScenarioSource(
                "scenario: t\ntarget: { base_url: http://h, protocol: openai, model: gpt-4o }\nsteps:\n  - send: hi\n",
                "t.yaml", null, java.util.Map.of(), null));

        assertThat(SummaryBuilder.countedWith(demo, reported)).containsExactly(
                java.util.Map.entry("input", "reported"), java.util.Map.entry("output", "reported"));
        assertThat(SummaryBuilder.countedWith(demo, counted)).containsEntry("output", "estimate");
        assertThat(SummaryBuilder.countedWith(gpt4o, counted)).containsEntry("output", "o200k_base");
        assertThat(SummaryBuilder.countedWith(gpt4o, both)).as("most turns first").containsEntry("output", "o200k_base+reported");
        assertThat(SummaryBuilder.countedWith(gpt4o, new KeyStats())).as("no tokens at all").isNull();
    }

    @Test
    void summaryJsonNamesTheCounterPerMetric() throws Exception {
        Summary.Tokens tokens = new Summary.Tokens(1, 2, 3, 3.0, 0.2, java.util.Map.of("output", "o200k_base"));

        String json = ResultsJson.MAPPER.writeValueAsString(tokens);

        assertThat(json).contains("\"counted_with\":{\"output\":\"o200k_base\"}");
    }

    @Test
    void thresholdsPassOnlyWhenEveryOneHolds() {
        assertThat(summary.thresholds()).hasSize(KnownRun.scenario().thresholds().size());
        assertThat(summary.thresholds()).anyMatch(Summary.ThresholdResult::passed);
        assertThat(summary.thresholdsPassed()).isFalse();
    }

    @Test
    void aStepThatNeverRanStillHasALineWithZeroes() {
        var totals = KnownRun.totals();
        var withoutOrders = new io.stampede.metrics.MetricsSnapshot();
        totals.keys().forEach((k, v) -> {
            if (!k.equals("step:get_order")) {
                withoutOrders.put(k, v);
            }
        });
        withoutOrders.counters().add(totals.counters());

        Summary s = SummaryBuilder.build(KnownRun.scenario(), new SummaryBuilder.RunFacts("r", "done", null, START, START + 1_000, 10, null,
                List.of(), List.of()), withoutOrders);

        assertThat(s.steps()).extracting(Summary.StepLine::name).containsExactly("ask_refund", "get_order");
        assertThat(s.steps().get(1).count()).isZero();
        assertThat(s.steps().get(1).successRate()).isZero();
    }
}
