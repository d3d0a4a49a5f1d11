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
 *     conversations it had already completed and whether it had started there. They start at
 *     the takeover instant, spread over a second, not at their old places on the ramp.
 * <li>{@link #open}: a segment of the open model's arrivals.
 * <li>{@link #joining}: exactly the listed users, given up by the other workers to one that
 *     joined the running run, each starting at its own place on the ramp.
 * </ul>
 *
 * @param handover      the slice takes over from a lost worker (a {@link #takeover}, or a part of
 *                      stages or arrivals handed over {@link #asHandover as it is})
 * @param clockOffsetMs the worker's clock minus the coordinator's (estimated): the worker starts at
 *                      the run's instant plus this offset by its own clock and reports in coordinator time
 */
public record SlicePlan(
        LoadProfile load,
        int userFrom,
        int userTo,
        List<Integer> users,
        List<Integer> done,
        List<Boolean> started,
        ArrivalSegment segment,
        boolean handover,
        long clockOffsetMs) {

    /** Users taken over start over this long from the takeover instant, like a short ramp. */
    public static final long TAKEOVER_SPREAD_MS = 1_000;

    public static SlicePlan range(LoadProfile load, int userFrom, int userTo) {
        return new SlicePlan(load, userFrom, userTo, null, null, null, null, false, 0);
    }

    /**
     * {@code users.get(k)} had completed {@code done.get(k)} conversations before, and had started
     * (counted among the run's started users) when {@code started.get(k)}.
     */
    public static SlicePlan takeover(LoadProfile load, List<Integer> users, List<Integer> done, List<Boolean> started) {
        if (users.size() != done.size() || users.size() != started.size()) {
            throw new IllegalArgumentException(users.size() + " users but " + done.size() + " done counts and "
                    + started.size() + " started flags");
        }
        return new SlicePlan(load, 0, 0, List.copyOf(users), List.copyOf(done), List.copyOf(started), null, true, 0);
    }

    public static SlicePlan open(LoadProfile load, ArrivalSegment segment) {
        return new SlicePlan(load, 0, 0, null, null, null, segment, false, 0);
    }

    /** Users of a closed model that other workers gave up to a worker that joined the run: they start at their places on the ramp. */
    public static SlicePlan joining(LoadProfile load, List<Integer> users) {
        List<Integer> none = users.stream().map(u -> 0).toList();
        List<Boolean> notStarted = users.stream().map(u -> false).toList();
        return new SlicePlan(load, 0, 0, List.copyOf(users), none, notStarted, null, false, 0);
    }

    /** The same part holding {@code newSegment} (a worker joined the run and took some of its arrivals). */
    public SlicePlan withSegment(ArrivalSegment newSegment) {
        return new SlicePlan(load, userFrom, userTo, users, done, started, newSegment, handover, clockOffsetMs);
    }

    public SlicePlan withClockOffset(long offsetMs) {
        return new SlicePlan(load, userFrom, userTo, users, done, started, segment, handover, offsetMs);
    }

    /** The same part, taken over as it is by another worker (stages and arrivals follow the clock). */
    public SlicePlan asHandover() {
        return new SlicePlan(load, userFrom, userTo, users, done, started, segment, true, clockOffsetMs);
    }

    /** True for users taken over from a lost worker (they start at the takeover instant). */
    public boolean isTakeover() {
        return users != null && handover;
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

    /** True when the slice's {@code i}-th user had already started (on a lost worker): it is not counted again. */
    public boolean startedAt(int i) {
        return started != null && started.get(i);
    }
}
