package io.stampede.wire;

import java.util.List;

import io.stampede.load.ArrivalSegment;
import io.stampede.load.LoadProfile;

/**
 * The part of a run one worker executes: the run's whole {@link LoadProfile} and which of its
 * users are this worker's. Made by one of three factories:
 *
 * <ul>
 * <li>{@link #range}: global user indexes {@code [userFrom, userTo)} of a closed model (with or
 *     without stages). Ramp-up offsets come from the global index, so the ramp-up of all
 *     workers together is one smooth curve.
 * <li>{@link #takeover}: exactly the listed users, taken over from a lost worker, each with the
 *     conversations it had already completed.
 * <li>{@link #open}: a segment of the open model's arrivals.
 * </ul>
 *
 * @param clockOffsetMs the worker's clock minus the coordinator's (estimated): the worker starts at
 *                      the run's instant plus this offset by its own clock and reports in coordinator time
 */
public record SlicePlan(
        LoadProfile load,
        int userFrom,
        int userTo,
        List<Integer> users,
        List<Integer> done,
        ArrivalSegment segment,
        long clockOffsetMs) {

    public static SlicePlan range(LoadProfile load, int userFrom, int userTo) {
        return new SlicePlan(load, userFrom, userTo, null, null, null, 0);
    }

    /** {@code done.get(k)} conversations were completed by {@code users.get(k)} before. */
    public static SlicePlan takeover(LoadProfile load, List<Integer> users, List<Integer> done) {
        if (users.size() != done.size()) {
            throw new IllegalArgumentException(users.size() + " users but " + done.size() + " done counts");
        }
        return new SlicePlan(load, 0, 0, List.copyOf(users), List.copyOf(done), null, 0);
    }

    public static SlicePlan open(LoadProfile load, ArrivalSegment segment) {
        return new SlicePlan(load, 0, 0, null, null, segment, 0);
    }

    public SlicePlan withClockOffset(long offsetMs) {
        return new SlicePlan(load, userFrom, userTo, users, done, segment, offsetMs);
    }

    /** True for users taken over from a lost worker. */
    public boolean isTakeover() {
        return users != null;
    }

    /** How many users this slice runs (for the open model: none up front; its segment holds max users). */
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
