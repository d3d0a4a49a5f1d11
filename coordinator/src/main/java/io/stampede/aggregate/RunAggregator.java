package io.stampede.aggregate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.LongPredicate;

import io.stampede.metrics.Counters;
import io.stampede.metrics.KeyStats;
import io.stampede.metrics.MetricKey;
import io.stampede.metrics.MetricsSnapshot;
import io.stampede.wire.IntervalReport;

/**
 * Merges a run's interval reports into totals and a per-second timeline. Idempotent per
 * (source, seq): a duplicate or replayed report changes nothing. A source's last report brings
 * its cumulative totals, which replace its merged intervals, so the final totals are exact even
 * when interval messages were lost.
 *
 * <p>Warm-up seconds ({@code load.warmup}) are in the timeline, flagged; of their intervals
 * only the counters (users, conversations) go into the totals, as the lanes' own totals do.
 *
 * <p>Seconds stay open for {@code closeDelayMs} after they end, to collect every lane's report,
 * then close into a {@link SecondStats} handed to the listener.
 *
 * <p>Not thread-safe: the coordinator calls it from one context.
 */
public final class RunAggregator {
    private static final int MAX_SPARE_SECONDS = 4;

    private final long startMs;
    private final long closeDelayMs;
    private final Map<String, SourceState> sources = new HashMap<>();
    private final TreeMap<Long, MetricsSnapshot> openSeconds = new TreeMap<>();
    /**
     * Closed seconds' snapshots, emptied for the seconds to come, and the one the steps of a
     * second are merged in: each key's histogram is 190 KB, and one second's lived until it
     * closed, so new ones were copied by young collections and promoted (in the embedded
     * cluster, the worker's collections).
     */
    private final Deque<MetricsSnapshot> spareSeconds = new ArrayDeque<>();
    private final KeyStats secondSteps = new KeyStats();
    /** Per open second and lane: users active at its end (a lane's latest report in the second wins). */
    private final Map<Long, Map<String, Integer>> activeBySecond = new HashMap<>();
    private final List<SecondStats> timeline = new ArrayList<>();
    private final Consumer<SecondStats> onSecond;
    private final DoubleSupplier generatorCpu;
    private final LongPredicate warmupSecond;
    private LoadLevels levels = LoadLevels.NONE;
    private long closedUpTo = -1;
    private final Counters running = new Counters();
    private long runningRequests;
    private long runningErrors;
    private long runningGood;
    private long duplicates;
    private long late;
    private long lostConversations;

    public RunAggregator(long startMs, long closeDelayMs, Consumer<SecondStats> onSecond) {
        this(startMs, closeDelayMs, onSecond, () -> -1, second -> false);
    }

    /**
     * @param generatorCpu the generator's CPU now (0–1, -1 unknown), stamped on each second as it closes
     * @param warmupSecond whether a second of the run (0 = the first) is warm-up
     */
    public RunAggregator(long startMs, long closeDelayMs, Consumer<SecondStats> onSecond, DoubleSupplier generatorCpu,
                         LongPredicate warmupSecond) {
        this.warmupSecond = warmupSecond;
        this.startMs = startMs;
        this.closeDelayMs = closeDelayMs;
        this.onSecond = onSecond;
        this.generatorCpu = generatorCpu;
    }

    /** The run's load levels: each closed second is also merged into its level (quality-against-load curves). */
    public void levels(LoadLevels levels) {
        this.levels = levels;
    }

    public LoadLevels levels() {
        return levels;
    }

    /** Sources that must deliver a last report before the run's totals are final. */
    public void expect(Collection<String> sourceIds) {
        sourceIds.forEach(id -> sources.computeIfAbsent(id, k -> new SourceState()));
    }

    /**
     * Merges one report.
     *
     * @return false when it was a duplicate (or from an unknown source) and changed nothing
     * @throws IllegalArgumentException when a histogram in it does not decode (nothing merged)
     */
    public boolean accept(IntervalReport report) {
        return merge(report) != null;
    }

    /**
     * {@link #accept}, returning the report's interval as decoded, which nothing changes after
     * (the results writer reads its histograms from it rather than decoding them again), or null
     * when nothing was merged.
     *
     * @throws IllegalArgumentException when a histogram in it does not decode (nothing merged)
     */
    public MetricsSnapshot merge(IntervalReport report) {
        SourceState source = sources.get(report.sourceId());
        if (source == null || source.isAbandoned()) {
            return null;
        }
        MetricsSnapshot interval = report.interval().toSnapshot();
        MetricsSnapshot totals = report.last() && report.cumulative() != null ? report.cumulative().toSnapshot() : null;
        if (!source.markSeen(report.seq())) {
            duplicates++;
            return null;
        }
        long second = secondOf(report);
        source.addInterval(warmupSecond.test(second) ? countersOf(interval) : interval, report.seq(), report.activeUsers(),
                report.endMs());
        running.add(interval.counters());
        interval.keys().forEach((k, v) -> {
            if (k.startsWith("step:")) {
                runningRequests += v.count();
                runningErrors += v.errors();
            } else if (k.equals(MetricKey.CONVERSATIONS)) {
                runningGood += v.count() - v.errors();
            }
        });
        if (report.last()) {
            // Acked as last, so the lane stops resending: it must finish the source, with the lane's
            // totals, or without them with the intervals merged (else the run would wait for it in vain).
            source.finish(totals);
        }
        if (second <= closedUpTo) {
            late++; // its second is already closed: the totals still have it, the timeline does not
        } else {
            openSeconds.computeIfAbsent(second, s -> spareSeconds.isEmpty() ? new MetricsSnapshot() : spareSeconds.pop()).add(interval);
            activeBySecond.computeIfAbsent(second, s -> new HashMap<>()).merge(report.sourceId(), report.activeUsers(),
                    (earlier, later) -> later);
        }
        return interval;
    }

    /**
     * The second a report's interval belongs to: the one its middle falls in; lanes cut on whole
     * seconds and runs start on one, so intervals and seconds line up.
     */
    public long secondOf(IntervalReport report) {
        long middle = (report.startMs() + report.endMs()) / 2;
        return Math.max(0, Math.floorDiv(middle - startMs, 1000));
    }

    /** Whether the report's interval is warm-up: in the timeline, not in the measured totals or latency.hlog. */
    public boolean isWarmup(IntervalReport report) {
        return warmupSecond.test(secondOf(report));
    }

    private static MetricsSnapshot countersOf(MetricsSnapshot interval) {
        MetricsSnapshot counters = new MetricsSnapshot();
        counters.counters().add(interval.counters());
        return counters;
    }

    /** Closes the seconds that ended more than the close delay before {@code nowMs}. */
    public void tick(long nowMs) {
        long closable = Math.floorDiv(nowMs - startMs - closeDelayMs, 1000) - 1;
        closeUpTo(closable);
    }

    /** Closes every open second (the run is over). */
    public void closeAll() {
        closeUpTo(openSeconds.isEmpty() ? closedUpTo : openSeconds.lastKey());
    }

    private void closeUpTo(long last) {
        while (closedUpTo < last) {
            long second = ++closedUpTo;
            MetricsSnapshot merged = openSeconds.remove(second);
            Map<String, Integer> byLane = activeBySecond.remove(second);
            int active = byLane == null ? 0 : byLane.values().stream().mapToInt(Integer::intValue).sum();
            if (merged != null && !warmupSecond.test(second)) {
                levels.add(second, merged);
            }
            SecondStats stats = SecondStats.of(second, startMs + (second + 1) * 1000, active,
                    merged == null ? new MetricsSnapshot() : merged, secondSteps, generatorCpu.getAsDouble(), warmupSecond.test(second));
            timeline.add(stats);
            onSecond.accept(stats);
            if (merged != null && spareSeconds.size() < MAX_SPARE_SECONDS) {
                merged.recycle(); // nothing holds it: the levels and the second's stats copied what they need
                spareSeconds.push(merged);
            }
        }
    }

    /**
     * These sources' workers are gone: keep what they reported, expect nothing more from them.
     * Returns the conversations they had in flight (begun, not ended, in what they reported): lost.
     */
    public long abandon(Collection<String> sourceIds) {
        long cut = 0;
        for (String id : sourceIds) {
            SourceState s = sources.get(id);
            if (s != null) {
                cut += s.abandon();
            }
        }
        lostConversations += cut;
        return cut;
    }

    /** Conversations cut by the loss of their worker, all losses together. */
    public long lostConversations() {
        return lostConversations;
    }

    public boolean isFinished(String sourceId) {
        SourceState s = sources.get(sourceId);
        return s != null && s.isFinished();
    }

    public boolean allFinished() {
        return !sources.isEmpty() && sources.values().stream().allMatch(SourceState::isFinished);
    }

    public List<String> unfinishedSources() {
        return sources.entrySet().stream().filter(e -> !e.getValue().isFinished()).map(Map.Entry::getKey).sorted().toList();
    }

    public int activeUsers() {
        return sources.values().stream().mapToInt(SourceState::activeUsers).sum();
    }

    /** Totals over all sources so far (exact once {@link #allFinished()}). */
    public MetricsSnapshot totals() {
        MetricsSnapshot all = new MetricsSnapshot();
        sources.values().forEach(s -> all.add(s.totals()));
        return all;
    }

    /** Counters summed over the intervals merged so far: cheap, for progress (not for the final summary). */
    public Counters runningCounters() {
        return running.copy();
    }

    public long runningRequests() {
        return runningRequests;
    }

    public long runningErrors() {
        return runningErrors;
    }

    /** Good conversations summed over the intervals merged so far (progress only). */
    public long runningGood() {
        return runningGood;
    }

    /** The latest closed second, or null. */
    public SecondStats lastSecond() {
        return timeline.isEmpty() ? null : timeline.get(timeline.size() - 1);
    }

    public List<SecondStats> timeline() {
        return List.copyOf(timeline);
    }

    public long duplicates() {
        return duplicates;
    }

    public long lateIntervals() {
        return late;
    }
}
