package io.stampede.cluster;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long each worker's heartbeats have lately been apart, and so how long a silence must
 * last before it means a loss: never less than the configured timeout, twice the longest recent
 * gap when that is more (a worker on a machine short of cores sends late, and a little later
 * each time, long before it stops), at most four times the timeout. The longest gap fades by
 * {@link #FADE} a heartbeat, so a minute of beats on time brings the timeout back. A worker that
 * is paused or killed goes from beats on time to none: it is judged as fast as ever.
 */
final class HeartbeatGaps {
    static final double FADE = 0.97;

    private final long lossAfterMs;
    private final Map<String, Double> longestMs = new ConcurrentHashMap<>();

    HeartbeatGaps(long lossAfterMs) {
        this.lossAfterMs = lossAfterMs;
    }

    /** A heartbeat of {@code workerId} came {@code gapMs} after its previous one. */
    void beat(String workerId, long gapMs) {
        longestMs.merge(workerId, (double) gapMs, (old, gap) -> Math.max(gap, old * FADE));
    }

    /** The worker was lost or is new: its history says nothing about it now. */
    void forget(String workerId) {
        longestMs.remove(workerId);
    }

    /** The silence after which {@code workerId} is lost. */
    long lossAfterMs(String workerId) {
        double longest = longestMs.getOrDefault(workerId, 0.0);
        return Math.min(4 * lossAfterMs, Math.max(lossAfterMs, (long) (2 * longest)));
    }
}
