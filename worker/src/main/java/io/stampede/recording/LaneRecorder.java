package io.stampede.recording;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stampede.metrics.Counters;
import io.stampede.metrics.KeyStats;
import io.stampede.metrics.MetricsSnapshot;
import io.stampede.wire.IntervalReport;
import io.stampede.wire.NodeEvent;
import io.stampede.wire.SnapshotPayload;
import io.stampede.wire.UserProgress;
import io.stampede.wire.WireMessage;

/**
 * Everything one lane measures. The engine records into the current interval on the lane's
 * event loop — no lock, no allocation for keys seen before; once a second {@link #cut} turns
 * the interval into a report, adds it to the lane's cumulative totals and starts a new one
 * (reusing the histograms).
 *
 * <p>Not thread-safe: owned by one lane's event loop.
 */
public final class LaneRecorder {
    private final String runId;
    private final String sliceId;
    private final String sourceId;
    private final MetricsSnapshot interval = new MetricsSnapshot();
    private final MetricsSnapshot cumulative = new MetricsSnapshot();
    private final EventSampler events;
    /** Users whose progress changed this interval, by id (insertion order). */
    private final Map<Integer, UserProgress> users = new LinkedHashMap<>();
    private long seq;
    private long intervalStartMs;
    private final long clockOffsetMs;

    /** @param clockOffsetMs this worker's clock minus the coordinator's: reports are in coordinator time */
    public LaneRecorder(String runId, String sliceId, String sourceId, EventSampler events, long clockOffsetMs) {
        this.runId = runId;
        this.sliceId = sliceId;
        this.sourceId = sourceId;
        this.events = events;
        this.clockOffsetMs = clockOffsetMs;
        this.intervalStartMs = nowMs();
    }

    /** Now, in the coordinator's clock: for interval bounds and event times, comparable across workers. */
    public long nowMs() {
        return System.currentTimeMillis() - clockOffsetMs;
    }

    /** The stats of a key in the current interval; keep the reference, it stays valid across cuts. */
    public KeyStats key(String key) {
        return interval.key(key);
    }

    public Counters counters() {
        return interval.counters();
    }

    public EventSampler events() {
        return events;
    }

    /** Notes a user's completed conversations (and whether it is done for good) for the next report. */
    public void userProgress(int user, int conversations, boolean finished) {
        users.put(user, new UserProgress(user, conversations, finished));
    }

    public String sourceId() {
        return sourceId;
    }

    /**
     * Ends the current interval and returns its report. The {@code last} report also carries
     * the cumulative totals of the lane.
     */
    public IntervalReport cut(int activeUsers, boolean last) {
        long now = nowMs();
        SnapshotPayload payload = SnapshotPayload.of(interval);
        List<NodeEvent> sample = events.drain();
        List<UserProgress> progress = List.copyOf(users.values());
        users.clear();
        cumulative.add(interval);
        interval.reset();
        SnapshotPayload totals = last ? SnapshotPayload.of(cumulative) : null;
        IntervalReport report = new IntervalReport(WireMessage.VERSION, runId, sliceId, sourceId, seq++, intervalStartMs, now,
                last, activeUsers, payload, totals, sample, progress);
        intervalStartMs = now;
        return report;
    }
}
