package io.stampede.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import io.stampede.metrics.Latencies;
import io.stampede.metrics.MetricKey;
import io.stampede.metrics.Percentiles;
import io.stampede.report.LatencyHistory;
import io.stampede.results.Summary;

/**
 * The statistical gate measured by simulation, at the sample sizes of the quickstart (124
 * conversations of two turns: 248 requests, 124 per step, 496 LLM calls): runs drawn from the demo
 * agent's own latency model (lognormal nodes: memory 2 ms σ 0.3, classify 120 ms σ 0.25, rag 35 ms
 * σ 0.4, tool 30 ms σ 0.5, compose 150 ms + 2 ms per token σ 0.25), compared as {@code stampede
 * compare} compares result folders.
 *
 * <ul>
 *   <li>A/A: two runs of one distribution: no regression flagged in any of {@link #TRIALS} comparisons;</li>
 *   <li>A/B: the candidate's every node 10 % slower (p95 +10 %): a latency regression flagged in at
 *       least 95 % of {@link #TRIALS} comparisons.</li>
 * </ul>
 * Seeded, so the figures are the same on every run of the test.
 */
class CompareSimulationTest {
    static final int TRIALS = 40;
    static final int CONVERSATIONS = 124;

    @Test
    void runsOfOneDistributionAreNeverFlagged() {
        int flagged = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            Comparison c = Comparer.compare(List.of(run("a" + trial, 1.0, 1000 + trial)), run("b" + trial, 1.0, 5000 + trial),
                    CompareOptions.DEFAULTS);
            if (c.regressed()) {
                flagged++;
            }
        }
        System.out.printf("A/A: %d of %d comparisons flagged a regression%n", flagged, TRIALS);
        assertThat(flagged).isZero();
    }

    @Test
    void aTenPercentSlowerAgentIsFlaggedInAtLeast95PercentOfTrials() {
        int detected = 0;
        int p95Lines = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            Comparison c = Comparer.compare(List.of(run("a" + trial, 1.0, 9000 + trial)), run("b" + trial, 1.10, 13000 + trial),
                    CompareOptions.DEFAULTS);
            if (c.lines().stream().anyMatch(l -> l.regression() && l.unit().equals("ms"))) {
                detected++;
            }
            if (c.lines().stream().anyMatch(l -> l.regression() && l.scope().equals("run") && l.metric().equals("p95"))) {
                p95Lines++;
            }
        }
        System.out.printf("A/B (+10%%): latency regression flagged in %d of %d comparisons (the run's p95 line itself in %d)%n",
                detected, TRIALS, p95Lines);
        assertThat(detected).isGreaterThanOrEqualTo((int) Math.ceil(0.95 * TRIALS));
    }

    @Test
    void poolingTwoBaselinesStillFlagsNothingForTheSameDistribution() {
        Comparison c = Comparer.compare(List.of(run("a", 1.0, 1), run("a2", 1.0, 2)), run("b", 1.0, 3), CompareOptions.DEFAULTS);
        assertThat(c.baselines()).hasSize(2);
        assertThat(c.regressed()).isFalse();
        assertThat(ComparerTest.line(c, "run", "all", "p95").nBase()).isEqualTo(2L * 2 * CONVERSATIONS);
    }

    /** One quickstart-sized run from the demo agent's latency model, every node slowed by {@code scale}. */
    static RunSample run(String id, double scale, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Histogram> h = new HashMap<>();
        for (String key : List.of(LatencyHistory.ALL_STEPS, MetricKey.step("ask_refund"), MetricKey.step("ask_steps"),
                MetricKey.node("llm_call"), MetricKey.node("memory"), MetricKey.node("rag"), MetricKey.node("tool_call"))) {
            h.put(key, Latencies.newHistogram());
        }
        for (int c = 0; c < CONVERSATIONS; c++) {
            for (String step : List.of("ask_refund", "ask_steps")) {
                double memory = node(h, "memory", 2, 0.3, scale, random) + node(h, "memory", 2, 0.3, scale, random);
                double turn = memory + node(h, "llm_call", 120, 0.25, scale, random) + node(h, "rag", 35, 0.4, scale, random)
                        + node(h, "tool_call", 30, 0.5, scale, random) + node(h, "llm_call", 150 + 2 * 110, 0.25, scale, random);
                Latencies.record(h.get(LatencyHistory.ALL_STEPS), Math.round(turn * 1000));
                Latencies.record(h.get(MetricKey.step(step)), Math.round(turn * 1000));
            }
        }
        Map<String, Object> fields = ComparerTest.summaryFields(id, 100.0, List.of(
                step("ask_refund", h.get(MetricKey.step("ask_refund"))), step("ask_steps", h.get(MetricKey.step("ask_steps")))));
        fields.put("nodes", List.of(nodeLine("llm_call", h), nodeLine("memory", h), nodeLine("rag", h), nodeLine("tool_call", h)));
        fields.put("latency_ms", Percentiles.of(h.get(LatencyHistory.ALL_STEPS)));
        return new RunSample(ComparerTest.summary(fields), h);
    }

    private static double node(Map<String, Histogram> h, String node, double medianMs, double sigma, double scale, SplittableRandom r) {
        double z = Math.max(-3.5, Math.min(3.5, r.nextGaussian()));
        double ms = medianMs * Math.exp(sigma * z) * scale;
        Latencies.record(h.get(MetricKey.node(node)), Math.round(ms * 1000));
        return ms;
    }

    private static Summary.StepLine step(String name, Histogram h) {
        return new Summary.StepLine(name, "send", h.getTotalCount(), 0, 100, Percentiles.of(h), null, 0, 0, null, List.of());
    }

    private static Summary.NodeLine nodeLine(String name, Map<String, Histogram> h) {
        Histogram x = h.get(MetricKey.node(name));
        return new Summary.NodeLine(name, x.getTotalCount(), 0, 100, Percentiles.of(x), 0, List.of());
    }
}
