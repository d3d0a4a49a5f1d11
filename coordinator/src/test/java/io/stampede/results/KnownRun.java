package io.stampede.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.stampede.metrics.KeyStats;
import io.stampede.metrics.MetricsSnapshot;
import io.stampede.scenario.InvalidScenarioException;
import io.stampede.scenario.Scenario;
import io.stampede.scenario.ScenarioLoader;
import io.stampede.scenario.ScenarioSource;

/**
 * A run's merged totals with numbers chosen by hand, so every figure of the summary and every
 * threshold verdict can be worked out on paper:
 * <ul>
 * <li>10 conversations: 9 succeeded, 1 failed;
 * <li>{@code ask_refund}: 10 turns at 100, 200, … 1000 ms, the 1000 ms one failed its intent
 *     check; 1000 input and 500 output tokens each;
 * <li>{@code get_order}: 10 requests of 20 ms, all fine, no tokens;
 * <li>{@code node:llm_call}: 20 calls at 300 ms and 2 at 2 s, one of those failed.
 * </ul>
 * Over all 20 steps: p50 = 20 ms (the 10th value), p95 = 900 ms (the 19th), max = 1 s.
 */
final class KnownRun {
    static final double DURATION_S = 10.0;

    private KnownRun() {
    }

    static Scenario scenario() {
        Path file = Path.of("src/test/resources/scenarios/thresholds.yaml");
        try {
            return ScenarioLoader.load(new ScenarioSource(Files.readString(file), "thresholds.yaml", file.getParent(), Map.of(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InvalidScenarioException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The summary of these totals: a finished 10 s run on two workers. */
    static Summary summary() {
        long start = 1_760_000_000_000L;
        return SummaryBuilder.build(scenario(), new SummaryBuilder.RunFacts("20261126-000000-abcd", "done", null, start,
                start + 10_000, 10, null, java.util.List.of(new Summary.WorkerLine("w-1", "s0", 6, 3, "finished")),
                java.util.List.of("a note")), totals());
    }

    static MetricsSnapshot totals() {
        MetricsSnapshot totals = new MetricsSnapshot();
        KeyStats ask = totals.key("step:ask_refund");
        KeyStats intent = totals.key("check:ask_refund/expect.intent");
        for (int i = 1; i <= 10; i++) {
            boolean ok = i < 10;
            ask.record(i * 100_000L, ok);
            ask.addTokens(1000, 500);
            intent.record(-1, ok);
            if (!ok) {
                ask.addFailure("intent greeting, expected refund");
            }
        }
        KeyStats order = totals.key("step:get_order");
        for (int i = 0; i < 10; i++) {
            order.record(20_000, true);
        }
        KeyStats llm = totals.key("node:llm_call");
        for (int i = 0; i < 20; i++) {
            llm.record(300_000, true);
            llm.addTokens(0, 10);
        }
        llm.record(2_000_000, true);
        llm.record(2_000_000, false);
        llm.addFailure("status error");
        totals.counters().usersStarted = 10;
        totals.counters().usersFinished = 10;
        totals.counters().conversationsStarted = 10;
        totals.counters().conversationsSucceeded = 9;
        totals.counters().conversationsFailed = 1;
        return totals;
    }
}
