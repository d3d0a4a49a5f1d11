package io.stampede.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.stampede.cluster.Slice;
import io.stampede.cluster.Slicer;

/**
 * Where a lost worker's unfinished users go: to the other workers in proportion to the room
 * each has left, never beyond it (a worker's capacity is what its file limit holds, and a
 * worker handed more would fail its connects, be lost in turn and hand them on). Users who had
 * started go first, since they had conversations under way; the ones for whom there is no room
 * are {@link #unplaced}.
 *
 * @param placed   the users that go, in the order {@link #shares} index
 * @param shares   ranges of {@code placed} per worker
 * @param unplaced the users that found no room
 */
record Placement(List<SliceState.Unfinished> placed, List<Slice> shares, List<SliceState.Unfinished> unplaced) {

    /** @param room each other worker with the users it can still take as its capacity */
    static Placement of(List<SliceState.Unfinished> unfinished, List<Slicer.Member> room) {
        List<Slicer.Member> open = room.stream().filter(m -> m.capacity() > 0).toList();
        long total = open.stream().mapToLong(Slicer.Member::capacity).sum();
        List<SliceState.Unfinished> ordered = new ArrayList<>(unfinished);
        ordered.sort(Comparator.comparing(u -> !u.started())); // started first; stable, so in slice order
        int fits = (int) Math.min(total, ordered.size());
        List<SliceState.Unfinished> placed = List.copyOf(ordered.subList(0, fits));
        List<Slice> shares = fits == 0 ? List.of() : Slicer.split(fits, open);
        return new Placement(placed, shares, List.copyOf(ordered.subList(fits, ordered.size())));
    }

    /** Conversations under way that the unplaced users will not begin again: at most one each of those who had started. */
    long unplacedStarted() {
        return unplaced.stream().filter(SliceState.Unfinished::started).count();
    }
}
