package io.stampede.wire;

/**
 * The part of a run one worker executes (closed model): global user indexes
 * {@code [userFrom, userTo)} out of {@code totalUsers}. User {@code i} starts at
 * {@code startAtMs + rampUpMs * i / totalUsers}, computed from the global index, so the
 * ramp-up of all workers together is one smooth curve.
 *
 * @param startAtMs      coordinator wall clock, epoch ms
 * @param clockOffsetMs  add to the worker's clock to get the coordinator's (estimated)
 * @param durationMs     end of the load phase after start, or -1 when bounded by iterations
 * @param iterations     conversations per user, 0 = until the duration ends
 */
public record SlicePlan(
        int userFrom,
        int userTo,
        int totalUsers,
        long startAtMs,
        long clockOffsetMs,
        long rampUpMs,
        long durationMs,
        int iterations,
        long gracefulStopMs) {

    public int users() {
        return userTo - userFrom;
    }
}
