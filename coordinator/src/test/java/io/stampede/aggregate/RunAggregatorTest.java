package io.stampede.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.stampede.metrics.KeyStats;
import io.stampede.metrics.MetricsSnapshot;
import io.stampede.metrics.Percentiles;
import io.stampede.wire.IntervalReport;
import io.stampede.wire.SnapshotPayload;
import io.stampede.wire.WireMessage;

/**
 * Merging as the coordinator does it: every (source, seq) once, in any order, and the final
 * totals exact even when interval messages were lost, because each lane's last report carries
 * its cumulative totals.
 */
class RunAggregatorTest {
    private static final long START = 1_760_000_000_000L;
    private static final long CLOSE_DELAY = 1_500;

    /** Two lanes: "a" reports 4 one-second intervals, "b" 3; each lane's last report carries its totals. */
    private final List<IntervalReport> reports = new ArrayList<>();
    private final MetricsSnapshot truth = new MetricsSnapshot();

    RunAggregatorTest() {
        SplittableRandom random = new SplittableRandom(17);
        lane("w1/s0/0", 4, random);
        lane("w2/s1/0", 3, random);
    }

    @Test
    void aDuplicateReportChangesNothing() {
        RunAggregator aggregator = aggregator(new ArrayList<>());
        IntervalReport first = reports.get(0);
        IntervalReport second = reports.get(1);
        aggregator.accept(first);
        aggregator.accept(second);
        MetricsSnapshot before = aggregator.totals();
        long requestsBefore = aggregator.runningRequests();

        boolean merged = aggregator.accept(second);

        assertThat(merged).isFalse();
        assertThat(aggregator.duplicates()).isEqualTo(1);
        assertSame(aggregator.totals(), before);
        assertThat(aggregator.runningRequests()).isEqualTo(requestsBefore);
    }

    @Test
    void aReplayedLastReportChangesNothingEither() {
        RunAggregator aggregator = aggregator(new ArrayList<>());
        reports.forEach(aggregator::accept);
        MetricsSnapshot before = aggregator.totals();

        List<IntervalReport> lasts = reports.stream().filter(IntervalReport::last).toList();
        lasts.forEach(r -> assertThat(aggregator.accept(r)).isFalse());

        assertSame(aggregator.totals(), before);
        assertSame(aggregator.totals(), truth);
    }

    /**
     * A last report without totals (a lane that had none to send) is still the source's last: it is
     * acked, so nothing more comes, and the run must not wait for the source until its grace runs out.
     */
    @Test
    void aLastReportWithoutTotalsFinishesItsSourceWithTheIntervalsMerged() {
        RunAggregator aggregator = aggregator(new ArrayList<>());
        reports.stream().map(r -> r.last() ? withoutTotals(r) : r).forEach(aggregator::accept);

        assertThat(aggregator.allFinished()).isTrue();
        assertThat(aggregator.unfinishedSources()).isEmpty();
        assertSame(aggregator.totals(), truth);
    }

    @Test
    void anIntervalArrivingAfterALastReportWithoutTotalsStillCounts() {
        RunAggregator aggregator = aggregator(new ArrayList<>());
        IntervalReport delayed = reports.get(1);
        reports.stream().filter(r -> r != delayed).map(r -> r.last() ? withoutTotals(r) : r).forEach(aggregator::accept);
        assertThat(aggregator.isFinished(delayed.sourceId())).isTrue();

        assertThat(aggregator.accept(delayed)).isTrue();

        assertSame(aggregator.totals(), truth);
    }

    private static IntervalReport withoutTotals(IntervalReport r) {
        return new IntervalReport(r.v(), r.runId(), r.sliceId(), r.sourceId(), r.seq(), r.startMs(), r.endMs(), true, r.activeUsers(),
                r.interval(), null, r.events(), r.users());
    }

    @Test
    void reportsInAnyOrderMergeToTheSameTotalsAndTimeline() {
        List<SecondStats> inOrderSeconds = new ArrayList<>();
        RunAggregator inOrder = aggregator(inOrderSeconds);
        reports.forEach(inOrder::accept);
        inOrder.closeAll();

        List<IntervalReport> shuffled = new ArrayList<>(reports);
        Collections.reverse(shuffled); // the last reports come first
        Collections.shuffle(shuffled.subList(2, shuffled.size()), new Random(5));
        List<SecondStats> shuffledSeconds = new ArrayList<>();
        RunAggregator outOfOrder = aggregator(shuffledSeconds);
        shuffled.forEach(r -> assertThat(outOfOrder.accept(r)).isTrue());
        outOfOrder.closeAll();

        assertSame(outOfOrder.totals(), inOrder.totals());
        assertSame(outOfOrder.totals(), truth);
        assertThat(outOfOrder.allFinished()).isTrue();
        assertThat(rows(shuffledSeconds)).isEqualTo(rows(inOrderSeconds));
        assertThat(outOfOrder.activeUsers()).as("every lane said it finished").isZero();
    }

    @Test
    void aLostIntervalIsRecoveredFromTheLastReportsTotals() {
        RunAggregator aggregator = aggregator(new ArrayList<>());
        IntervalReport lost = reports.get(1);

        reports.stream().filter(r -> r != lost).forEach(aggregator::accept);

        assertThat(aggregator.allFinished()).isTrue();
        assertSame(aggregator.totals(), truth);
        long lostRequests = lost.interval().toSnapshot().allSteps().count();
        assertThat(aggregator.runningRequests()).as("only the live progress misses it")
                .isEqualTo(truth.allSteps().count() - lostRequests);
    }

    @Test
    void theTotalsAreFinalOnlyWhenEveryExpectedLaneSentItsLastReport() {
        RunAggregator aggregator = aggregator(new ArrayList<>());
        aggregator.expect(List.of("w3/s2/0"));
        reports.forEach(aggregator::accept);

        assertThat(aggregator.allFinished()).isFalse();
        assertThat(aggregator.unfinishedSources()).containsExactly("w3/s2/0");
        assertThat(aggregator.isFinished("w1/s0/0")).isTrue();
    }

    @Test
    void aReportFromASourceNobodyExpectedIsIgnored() {
        RunAggregator aggregator = new RunAggregator(START, CLOSE_DELAY, s -> { });
        aggregator.expect(List.of("w1/s0/0"));

        boolean merged = aggregator.accept(reports.stream().filter(r -> r.sourceId().equals("w2/s1/0")).findFirst().orElseThrow());

        assertThat(merged).isFalse();
        assertThat(aggregator.totals().keys()).isEmpty();
    }

    @Test
    void anAbandonedLaneKeepsWhatItReportedAndMergesNothingMore() {
        RunAggregator aggregator = aggregator(new ArrayList<>());
        List<IntervalReport> laneA = reports.stream().filter(r -> r.sourceId().equals("w1/s0/0")).toList();
        List<IntervalReport> laneB = reports.stream().filter(r -> r.sourceId().equals("w2/s1/0")).toList();
        laneB.forEach(aggregator::accept);
        aggregator.accept(laneA.get(0));

        aggregator.abandon(List.of("w1/s0/0"));
        boolean late = aggregator.accept(laneA.get(1));

        assertThat(late).isFalse();
        assertThat(aggregator.allFinished()).isTrue();
        MetricsSnapshot expected = laneB.get(laneB.size() - 1).cumulative().toSnapshot();
        expected.add(laneA.get(0).interval().toSnapshot());
        assertSame(aggregator.totals(), expected);
    }

    @Test
    void secondsCloseAfterTheCloseDelayIntoOneRowEachWithTheirOwnPercentiles() {
        List<SecondStats> closed = new ArrayList<>();
        RunAggregator aggregator = aggregator(closed);
        reports.forEach(aggregator::accept);

        aggregator.tick(START + 2_000 + CLOSE_DELAY - 1);
        assertThat(closed).extracting(SecondStats::second).containsExactly(0L);
        aggregator.tick(START + 2_000 + CLOSE_DELAY);
        assertThat(closed).extracting(SecondStats::second).containsExactly(0L, 1L);

        aggregator.closeAll();
        assertThat(closed).extracting(SecondStats::second).containsExactly(0L, 1L, 2L, 3L);
        assertThat(closed).extracting(SecondStats::timeMs).containsExactly(START + 1_000, START + 2_000, START + 3_000, START + 4_000);
        for (SecondStats second : closed) {
            MetricsSnapshot expected = new MetricsSnapshot();
            reports.stream().filter(r -> (r.startMs() - START) / 1_000 == second.second())
                    .forEach(r -> expected.add(r.interval().toSnapshot()));
            assertThat(second.requests()).isEqualTo(expected.allSteps().count());
            assertThat(second.errors()).isEqualTo(expected.allSteps().errors());
            assertThat(second.latency()).isEqualTo(Percentiles.of(expected.allSteps().latency()));
            assertThat(second.keys()).doesNotContainKey("check:ask/intent");
        }
    }

    @Test
    void anIntervalForASecondAlreadyClosedStillCountsInTheTotals() {
        List<SecondStats> closed = new ArrayList<>();
        RunAggregator aggregator = aggregator(closed);
        IntervalReport late = reports.get(0);
        reports.stream().filter(r -> r != late).forEach(aggregator::accept);
        aggregator.tick(START + 3_000 + CLOSE_DELAY);

        assertThat(aggregator.accept(late)).isTrue();

        assertThat(aggregator.lateIntervals()).isEqualTo(1);
        assertSame(aggregator.totals(), truth);
    }

    // ---- data

    private RunAggregator aggregator(List<SecondStats> closed) {
        RunAggregator aggregator = new RunAggregator(START, CLOSE_DELAY, closed::add);
        aggregator.expect(List.of("w1/s0/0", "w2/s1/0"));
        return aggregator;
    }

    private void lane(String source, int seconds, SplittableRandom random) {
        MetricsSnapshot cumulative = new MetricsSnapshot();
        for (int s = 0; s < seconds; s++) {
            MetricsSnapshot interval = new MetricsSnapshot();
            int n = 50 + random.nextInt(100);
            for (int i = 0; i < n; i++) {
                boolean ok = random.nextInt(10) > 0;
                KeyStats step = interval.key(random.nextBoolean() ? "step:ask" : "step:GET /orders");
                step.record(1_000 + random.nextLong(3_000_000), ok);
                step.addTokens(100, 40);
                if (!ok) {
                    step.addFailure("HTTP 500");
                }
                interval.key("node:llm_call").record(500 + random.nextLong(900_000), true);
                interval.key("check:ask/intent").record(-1, ok);
            }
            interval.counters().conversationsStarted = n / 2;
            interval.counters().conversationsSucceeded = n / 3;
            interval.counters().conversationsFailed = n / 2 - n / 3;
            boolean last = s == seconds - 1;
            if (s == 0) {
                interval.counters().usersStarted = 3;
            }
            if (last) {
                interval.counters().usersFinished = 3;
            }
            cumulative.add(interval);
            long from = START + s * 1_000L;
            reports.add(new IntervalReport(WireMessage.VERSION, "r1", source.split("/")[1], source, s, from, from + 1_000, last,
                    last ? 0 : 3, SnapshotPayload.of(interval), last ? SnapshotPayload.of(cumulative) : null, List.of(), List.of()));
        }
        truth.add(cumulative);
    }

    private static void assertSame(MetricsSnapshot actual, MetricsSnapshot expected) {
        assertThat(actual.keys().keySet()).isEqualTo(expected.keys().keySet());
        expected.keys().forEach((key, e) -> {
            KeyStats a = actual.keys().get(key);
            assertThat(a.latency()).as(key).isEqualTo(e.latency());
            assertThat(a.count()).as(key).isEqualTo(e.count());
            assertThat(a.errors()).as(key).isEqualTo(e.errors());
            assertThat(a.inputTokens() + a.outputTokens()).as(key).isEqualTo(e.inputTokens() + e.outputTokens());
            assertThat(a.failures()).as(key).isEqualTo(e.failures());
        });
        assertThat(actual.counters()).usingRecursiveComparison().isEqualTo(expected.counters());
    }

    /** A timeline row, counters as plain numbers. */
    private record Row(long second, int activeUsers, long requests, long errors, Percentiles latency, long succeeded,
                       long failed, java.util.Map<String, SecondStats.KeyLine> keys) {
    }

    private static List<Row> rows(List<SecondStats> seconds) {
        return seconds.stream().map(s -> new Row(s.second(), s.activeUsers(), s.requests(), s.errors(), s.latency(),
                s.counters().conversationsSucceeded, s.counters().conversationsFailed, s.keys())).toList();
    }
}
