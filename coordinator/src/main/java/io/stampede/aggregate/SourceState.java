package io.stampede.aggregate;

import java.util.BitSet;

import io.stampede.metrics.Counters;
import io.stampede.metrics.MetricsSnapshot;

/**
 * What the coordinator holds for one report source (a worker lane): which sequence numbers it
 * has merged, the sum of those intervals, and, once the last report came, the source's own
 * cumulative totals, which replace the sum (intervals lost on the way are then recovered).
 */
final class SourceState {
    private final BitSet seen = new BitSet();
    private final MetricsSnapshot intervals = new MetricsSnapshot();
    private MetricsSnapshot cumulative;
    private boolean abandoned;
    private int activeUsers;
    private long newestSeq = -1;
    private long lastReportMs;

    /** False when this sequence number was merged before: the report is a duplicate. */
    boolean markSeen(long seq) {
        if (seq < 0 || seq > Integer.MAX_VALUE - 1) {
            return false;
        }
        int i = (int) seq;
        if (seen.get(i)) {
            return false;
        }
        seen.set(i);
        return true;
    }

    void addInterval(MetricsSnapshot interval, long seq, int activeUsers, long atMs) {
        intervals.add(interval);
        // The gauge is the newest report's: an older interval arriving late (or after the last) must not revive it.
        if (seq > newestSeq && cumulative == null) {
            newestSeq = seq;
            this.activeUsers = activeUsers;
            this.lastReportMs = atMs;
        }
    }

    /** The last report came; {@code totals} null when it carried none: the intervals merged are the totals. */
    void finish(MetricsSnapshot totals) {
        this.cumulative = totals != null ? totals : intervals;
        this.activeUsers = 0;
    }

    /**
     * The source is gone (its worker was lost): what it reported stays, nothing more is merged.
     * Returns the conversations it had begun and not ended in what it reported: cut by the loss.
     */
    long abandon() {
        if (cumulative != null) {
            return 0;
        }
        cumulative = intervals;
        abandoned = true;
        activeUsers = 0;
        Counters c = intervals.counters();
        return Math.max(0, c.conversationsStarted - c.conversationsCompleted() - c.conversationsInterrupted);
    }

    boolean isAbandoned() {
        return abandoned;
    }

    boolean isFinished() {
        return cumulative != null;
    }

    int activeUsers() {
        return activeUsers;
    }

    long lastReportMs() {
        return lastReportMs;
    }

    /** The best totals known: the source's own cumulative when it sent them, else the merged intervals. */
    MetricsSnapshot totals() {
        return cumulative != null ? cumulative : intervals;
    }
}
