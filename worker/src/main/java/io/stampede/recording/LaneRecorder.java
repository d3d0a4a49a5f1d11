package io.stampede.recording;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stampede.metrics.Counters;
import io.stampede.secret.Secrets;
import io.stampede.metrics.KeyStats;
import io.stampede.metrics.MetricsSnapshot;
import io.stampede.wire.IntervalReport;
import io.stampede.wire.KeyPayload;
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
 * <p>Every text that leaves the lane passes here, so this is where the run's secrets are masked
 * ({@link Secrets}): a key's name when the key is first used (an agent's trace node may be named
 * after what it was sent), and failure reasons and sampled events when a report is cut (once a
 * second, not on every failure). No report holds a secret, so nothing made from reports does.
 *
 * <p>Not thread-safe: owned by one lane's event loop.
 */
public final class LaneRecorder {
    private final String runId;
    private final String sliceId;
    private final String sourceId;
    private final MetricsSnapshot interval = new MetricsSnapshot();
    /** The totals of the measured intervals, with the counters of every interval (warm-up's too). */
    private final MetricsSnapshot cumulative = new MetricsSnapshot();
    private final EventSampler events;
    /** Users whose progress changed this interval, by id (insertion order). */
    private final Map<Integer, UserProgress> users = new LinkedHashMap<>();
    private long seq;
    private long intervalStartMs;
    private final long clockOffsetMs;
    private final Secrets secrets;
    /** Key names as recorded → as reported, masked; only used when the run has secrets. */
    private final Map<String, String> maskedKeys = new HashMap<>();
    private static final int MAX_CACHED_KEYS = 10_000;
    /** Recorded conversations of the interval ({@code --record}), bounded per report so a report stays small enough to send. */
    static final int MAX_RECORDED_BYTES = 4 * 1024 * 1024;
    private List<String> recorded = new ArrayList<>();
    private long recordedBytes;
    private int unrecorded;

    /** @param clockOffsetMs this worker's clock minus the coordinator's: reports are in coordinator time */
    public LaneRecorder(String runId, String sliceId, String sourceId, EventSampler events, long clockOffsetMs) {
        this(runId, sliceId, sourceId, events, clockOffsetMs, Secrets.NONE);
    }

    /** @param secrets the run's secrets, masked in everything this lane reports */
    public LaneRecorder(String runId, String sliceId, String sourceId, EventSampler events, long clockOffsetMs, Secrets secrets) {
        this.secrets = secrets;
        this.runId = runId;
        this.sliceId = sliceId;
        this.sourceId = sourceId;
        this.events = events;
        this.clockOffsetMs = clockOffsetMs;
        this.intervalStartMs = nowMs();
    }

    /** The first interval starts now (when the run begins, not when the lane was deployed). */
    public void restartInterval() {
        intervalStartMs = nowMs();
    }

    /** Now, in the coordinator's clock: for interval bounds and event times, comparable across workers. */
    public long nowMs() {
        return System.currentTimeMillis() - clockOffsetMs;
    }

    /** The stats of a key in the current interval; keep the reference, it stays valid across cuts. */
    public KeyStats key(String key) {
        if (secrets.isEmpty()) {
            return interval.key(key);
        }
        String masked = maskedKeys.size() < MAX_CACHED_KEYS ? maskedKeys.computeIfAbsent(key, secrets::mask) : secrets.mask(key);
        return interval.key(masked);
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
     * A conversation recorded whole (one JSON line, its texts already masked), for the next report;
     * beyond {@link #MAX_RECORDED_BYTES} in one interval it is counted as unrecorded instead.
     */
    public void recordConversation(String json) {
        if (recordedBytes + json.length() > MAX_RECORDED_BYTES && !recorded.isEmpty()) {
            unrecorded++;
            return;
        }
        recorded.add(json);
        recordedBytes += json.length();
    }

    /**
     * Ends the current interval and returns its report. The {@code last} report also carries
     * the cumulative totals of the lane.
     */
    public IntervalReport cut(int activeUsers, boolean last) {
        return cut(activeUsers, last, false);
    }

    /**
     * Like {@link #cut(int, boolean)}; a {@code warmup} interval is reported as measured, but
     * only its counters (users, conversations) go into the totals: its requests, latencies,
     * checks and tokens are the warm-up's, not the run's.
     */
    public IntervalReport cut(int activeUsers, boolean last, boolean warmup) {
        long now = nowMs();
        SnapshotPayload payload = masked(SnapshotPayload.of(interval));
        List<NodeEvent> sample = masked(events.drain());
        List<UserProgress> progress = List.copyOf(users.values());
        users.clear();
        if (warmup) {
            cumulative.counters().add(interval.counters());
        } else {
            cumulative.add(interval);
        }
        interval.reset();
        SnapshotPayload totals = last ? masked(SnapshotPayload.of(cumulative)) : null;
        List<String> conversations = recorded;
        int left = unrecorded;
        recorded = new ArrayList<>();
        recordedBytes = 0;
        unrecorded = 0;
        IntervalReport report = new IntervalReport(WireMessage.VERSION, runId, sliceId, sourceId, seq++, intervalStartMs, now,
                last, activeUsers, payload, totals, sample, progress, conversations, left);
        intervalStartMs = now;
        return report;
    }

    private SnapshotPayload masked(SnapshotPayload payload) {
        if (secrets.isEmpty()) {
            return payload;
        }
        List<KeyPayload> keys = new ArrayList<>(payload.keys().size());
        for (KeyPayload k : payload.keys()) {
            Map<String, Long> failures = k.failures();
            if (failures != null && !failures.isEmpty()) {
                Map<String, Long> reasons = new LinkedHashMap<>();
                failures.forEach((reason, n) -> reasons.merge(secrets.mask(reason), n, Long::sum));
                failures = reasons;
            }
            keys.add(k.withFailures(failures));
        }
        return new SnapshotPayload(keys, payload.usersStarted(), payload.usersFinished(), payload.conversationsStarted(),
                payload.conversationsSucceeded(), payload.conversationsFailed(), payload.conversationsInterrupted(),
                payload.arrivalsDropped(), payload.arrivalsLate());
    }

    private java.util.Map<String, Object> masked(java.util.Map<String, Object> detail) {
        if (detail == null) {
            return null;
        }
        java.util.Map<String, Object> out = new LinkedHashMap<>();
        detail.forEach((k, v) -> out.put(k, v instanceof String text ? secrets.mask(text) : v));
        return out;
    }

    private List<NodeEvent> masked(List<NodeEvent> sample) {
        if (secrets.isEmpty() || sample.isEmpty()) {
            return sample;
        }
        List<NodeEvent> out = new ArrayList<>(sample.size());
        for (NodeEvent e : sample) {
            out.add(new NodeEvent(e.ts(), e.runId(), e.userId(), e.iteration(), secrets.mask(e.step()), secrets.mask(e.node()),
                    secrets.mask(e.name()), e.status(), e.latencyMs(), e.tokens(), secrets.mask(e.error()), masked(e.detail())));
        }
        return out;
    }
}
