package io.stampede.wire;

import java.util.List;

/**
 * A lane's report for one interval ({@code startMs..endMs}, about a second), numbered by
 * {@code seq} from 0 per source. The coordinator merges each (source, seq) once, so a
 * duplicate never double-counts. The {@code last} report also carries the lane's
 * {@code cumulative} totals, which replace the sum of its intervals in the final summary:
 * a lost interval message never loses data. A last report without them still ends its source
 * (the intervals merged are then its totals).
 *
 * @param activeUsers users of this lane running at the end of the interval (a gauge)
 * @param events      a bounded sample of this interval's step and node executions
 * @param users       users whose conversation count changed or who finished during the
 *                    interval, so the coordinator knows exactly which users a lost worker
 *                    left unfinished and how far each got
 * @param conversations the conversations that ended in the interval, recorded whole (one JSON
 *                    object each, secrets masked), when the run records ({@code --record}); else empty
 * @param unrecorded  conversations of the interval left out of the recording (over the lane's
 *                    bound per report)
 */
public record IntervalReport(
        int v,
        String runId,
        String sliceId,
        String sourceId,
        long seq,
        long startMs,
        long endMs,
        boolean last,
        int activeUsers,
        SnapshotPayload interval,
        SnapshotPayload cumulative,
        List<NodeEvent> events,
        List<UserProgress> users,
        List<String> conversations,
        int unrecorded) implements WireMessage {

    /** A report without recorded conversations. */
    public IntervalReport(int v, String runId, String sliceId, String sourceId, long seq, long startMs, long endMs, boolean last,
                          int activeUsers, SnapshotPayload interval, SnapshotPayload cumulative, List<NodeEvent> events,
                          List<UserProgress> users) {
        this(v, runId, sliceId, sourceId, seq, startMs, endMs, last, activeUsers, interval, cumulative, events, users, List.of(), 0);
    }

    public IntervalReport {
        conversations = conversations == null ? List.of() : conversations;
    }
}
