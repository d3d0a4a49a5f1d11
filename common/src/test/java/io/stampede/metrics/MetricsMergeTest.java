package io.stampede.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import io.stampede.wire.SnapshotPayload;

/**
 * The promise of the metrics package: splitting what was recorded over many workers and many
 * intervals, then merging the pieces, gives exactly what one histogram that saw everything
 * gives. The "truth" below is that one histogram; the pieces are random splits of the same
 * latencies.
 */
class MetricsMergeTest {
    private static final int WORKERS = 4;
    private static final int INTERVALS = 6;
    private static final double[] PERCENTILES = {0, 10, 50, 75, 90, 95, 99, 99.9, 99.99, 100};

    /** One execution as a worker would record it. */
    private record Execution(String key, long micros, boolean ok, long in, long out, String reason) {
    }

    @Test
    void mergingIntervalSnapshotsOfManyWorkersGivesTheSingleHistogramTruth() {
        List<Execution> all = executions(new SplittableRandom(42), 20_000);
        Truth truth = Truth.of(all);

        List<MetricsSnapshot> pieces = split(all, new SplittableRandom(3));
        MetricsSnapshot merged = new MetricsSnapshot();
        Collections.shuffle(pieces, new java.util.Random(11)); // arrival order does not matter
        pieces.forEach(merged::add);

        assertSameAsTruth(merged, truth);
    }

    @Test
    void mergingAfterTheWireRoundTripStillGivesTheTruth() {
        List<Execution> all = executions(new SplittableRandom(99), 5_000);
        Truth truth = Truth.of(all);

        MetricsSnapshot merged = new MetricsSnapshot();
        for (MetricsSnapshot piece : split(all, new SplittableRandom(5))) {
            merged.add(SnapshotPayload.of(piece).toSnapshot());
        }

        assertSameAsTruth(merged, truth);
    }

    @Test
    void aSnapshotRecycledSecondAfterSecondMergesLikeANewOneAndKeepsItsHistograms() {
        List<Execution> all = executions(new SplittableRandom(7), 5_000);
        MetricsSnapshot second = new MetricsSnapshot();
        split(all, new SplittableRandom(1)).forEach(second::add); // an earlier second, with every key
        KeyStats kept = second.key("step:ask_refund");
        second.recycle();
        assertThat(second.keys()).isEmpty();
        assertThat(second.counters().conversationsStarted).isZero();

        List<Execution> next = executions(new SplittableRandom(8), 3_000);
        split(next, new SplittableRandom(2)).forEach(p -> second.add(SnapshotPayload.of(p).toSnapshot()));

        assertSameAsTruth(second, Truth.of(next));
        assertThat(second.keys().values()).anySatisfy(s -> assertThat(s).isSameAs(kept)); // no new histogram
    }

    @Test
    void percentilesOfTheMergeAreNotTheAverageOfThePiecesPercentiles() {
        KeyStats fast = new KeyStats();
        KeyStats slow = new KeyStats();
        for (int i = 0; i < 99; i++) {
            fast.record(1_000, true);
        }
        slow.record(2_000_000, true);
        KeyStats merged = fast.copy();
        merged.add(slow);

        double averagedP99 = (Percentiles.of(fast.latency()).p99() + Percentiles.of(slow.latency()).p99()) / 2;
        assertThat(Percentiles.of(merged.latency()).p99()).isEqualTo(1.0).isNotEqualTo(averagedP99);
        assertThat(Percentiles.of(merged.latency()).max()).isGreaterThanOrEqualTo(2000.0);
    }

    @Test
    void resettingAnIntervalKeepsItsKeysButForgetsItsValues() {
        MetricsSnapshot interval = new MetricsSnapshot();
        KeyStats step = interval.key("step:ask");
        step.record(500, false);
        step.addFailure("HTTP 500");
        interval.counters().conversationsStarted = 3;

        interval.reset();

        assertThat(interval.keys()).containsOnlyKeys("step:ask");
        assertThat(interval.key("step:ask")).isSameAs(step);
        assertThat(step.count()).isZero();
        assertThat(step.latency().getTotalCount()).isZero();
        assertThat(step.failures()).isEmpty();
        assertThat(interval.counters().conversationsStarted).isZero();
    }

    @Test
    void failureReasonsPastTheBoundAreCountedTogetherNotDropped() {
        KeyStats s = new KeyStats();
        for (int i = 0; i < KeyStats.MAX_REASONS + 10; i++) {
            s.addFailure("reason " + i);
        }
        s.addFailure("reason 0");

        assertThat(s.failures()).hasSize(KeyStats.MAX_REASONS + 1);
        assertThat(s.failures().get(KeyStats.OTHER_REASONS)).isEqualTo(10);
        assertThat(s.failures().get("reason 0")).isEqualTo(2);
        assertThat(s.failures().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(KeyStats.MAX_REASONS + 11);
    }

    @Test
    void allStepsAddsOnlyStepKeys() {
        MetricsSnapshot s = new MetricsSnapshot();
        s.key("step:a").record(1_000, true);
        s.key("step:b").record(3_000, false);
        s.key("node:llm_call").record(900, true);
        s.key("check:a/status").record(-1, true);

        KeyStats all = s.allSteps();

        assertThat(all.count()).isEqualTo(2);
        assertThat(all.errors()).isEqualTo(1);
        assertThat(all.latency().getTotalCount()).isEqualTo(2);
    }

    // ---- helpers

    private static List<Execution> executions(SplittableRandom random, int n) {
        String[] keys = {"step:ask_refund", "step:GET /orders/{{id}}", "node:llm_call", "node:tool_call", "ttft:ask_refund"};
        List<Execution> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String key = keys[random.nextInt(keys.length)];
            // Long-tailed: mostly tens of ms, some seconds, a few near the top of the range.
            long micros = switch (random.nextInt(100)) {
                case 0 -> 1 + random.nextLong(Latencies.HIGHEST_MICROS);
                case 1, 2, 3, 4, 5 -> 1_000_000 + random.nextLong(9_000_000);
                default -> 1 + random.nextLong(80_000);
            };
            boolean ok = random.nextInt(20) != 0;
            out.add(new Execution(key, micros, ok, random.nextInt(500), random.nextInt(300),
                    ok ? null : "reason " + random.nextInt(8)));
        }
        return out;
    }

    /** Random split: each execution goes to a random worker's random interval. */
    private static List<MetricsSnapshot> split(List<Execution> all, SplittableRandom random) {
        List<MetricsSnapshot> pieces = new ArrayList<>();
        for (int i = 0; i < WORKERS * INTERVALS; i++) {
            pieces.add(new MetricsSnapshot());
        }
        for (Execution e : all) {
            MetricsSnapshot piece = pieces.get(random.nextInt(pieces.size()));
            record(piece, e);
            piece.counters().conversationsStarted++;
            if (e.ok()) {
                piece.counters().conversationsSucceeded++;
            } else {
                piece.counters().conversationsFailed++;
            }
        }
        return pieces;
    }

    private static void record(MetricsSnapshot s, Execution e) {
        KeyStats k = s.key(e.key());
        k.record(e.micros(), e.ok());
        k.addTokens(e.in(), e.out());
        if (!e.ok()) {
            k.addFailure(e.reason());
        }
    }

    private record Truth(MetricsSnapshot one, long started, long succeeded, long failed) {
        static Truth of(List<Execution> all) {
            MetricsSnapshot one = new MetricsSnapshot();
            long ok = 0;
            for (Execution e : all) {
                record(one, e);
                ok += e.ok() ? 1 : 0;
            }
            return new Truth(one, all.size(), ok, all.size() - ok);
        }
    }

    private static void assertSameAsTruth(MetricsSnapshot merged, Truth truth) {
        assertThat(merged.keys().keySet()).isEqualTo(truth.one().keys().keySet());
        truth.one().keys().forEach((key, expected) -> {
            KeyStats actual = merged.keys().get(key);
            Histogram a = actual.latency();
            Histogram e = expected.latency();
            assertThat(a).as(key).isEqualTo(e);
            for (double p : PERCENTILES) {
                assertThat(a.getValueAtPercentile(p)).as(key + " p" + p).isEqualTo(e.getValueAtPercentile(p));
            }
            assertThat(Percentiles.of(a)).as(key).isEqualTo(Percentiles.of(e));
            assertThat(actual.count()).as(key).isEqualTo(expected.count());
            assertThat(actual.errors()).as(key).isEqualTo(expected.errors());
            assertThat(actual.inputTokens()).as(key).isEqualTo(expected.inputTokens());
            assertThat(actual.outputTokens()).as(key).isEqualTo(expected.outputTokens());
            assertThat(actual.failures()).as(key).isEqualTo(expected.failures());
        });
        assertThat(Percentiles.of(merged.allSteps().latency())).isEqualTo(Percentiles.of(truth.one().allSteps().latency()));
        assertThat(merged.counters().conversationsStarted).isEqualTo(truth.started());
        assertThat(merged.counters().conversationsSucceeded).isEqualTo(truth.succeeded());
        assertThat(merged.counters().conversationsFailed).isEqualTo(truth.failed());
    }
}
