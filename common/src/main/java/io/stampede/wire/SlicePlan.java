package io.stampede.wire;

import java.util.List;

/**
 * The part of a run one worker executes (closed model): global user indexes
 * {@code [userFrom, userTo)} out of {@code totalUsers}. User {@code i} starts at
 * {@code startAtMs + rampUpMs * i / totalUsers}, computed from the global index, so the
 * ramp-up of all workers together is one smooth curve.
 *
 * @param startAtMs      coordinator wall clock, epoch ms
 * @param clockOffsetMs  the worker's clock minus the coordinator's (estimated): the worker starts at
 *                       {@code startAtMs + clockOffsetMs} by its own clock and reports in coordinator time
 * @param durationMs     end of the load phase after start, or -1 when bounded by iterations
 * @param iterations     conversations per user, 0 = until the duration ends
 * @param users          when not null, exactly these global user indexes run (users taken over
 *                       from a lost worker), instead of the range; {@code done} holds how many
 *                       conversations each had already completed
 * @param shape          stages or the open model, or null for N users from the start
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
        long gracefulStopMs,
        List<Integer> users,
        List<Integer> done,
        LoadShape shape) {

    /** How many users this slice runs. */
    public int userCount() {
        return users != null ? users.size() : userTo - userFrom;
    }

    /** The global index of the slice's {@code i}-th user. */
    public int userAt(int i) {
        return users != null ? users.get(i) : userFrom + i;
    }

    /** Conversations the slice's {@code i}-th user completed before (on a lost worker). */
    public int doneAt(int i) {
        return done != null ? done.get(i) : 0;
    }
}
