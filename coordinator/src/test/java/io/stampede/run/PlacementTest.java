package io.stampede.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.stampede.cluster.Slice;
import io.stampede.cluster.Slicer;

/** A lost worker's users go where there is room, never beyond it, those under way first. */
class PlacementTest {

    /** Users 0..n-1; the even ones had started. */
    private static List<SliceState.Unfinished> users(int n) {
        return IntStream.range(0, n).mapToObj(u -> new SliceState.Unfinished(u, 0, u % 2 == 0)).toList();
    }

    @Test
    void usersGoInProportionToTheRoomEachWorkerHasLeft() {
        Placement p = Placement.of(users(30), List.of(new Slicer.Member("a", 100), new Slicer.Member("b", 200)));

        assertThat(p.unplaced()).isEmpty();
        assertThat(p.shares()).extracting(Slice::workerId, Slice::users).containsExactly(
                tuple("a", 10), tuple("b", 20));
    }

    @Test
    void noWorkerIsHandedMoreThanItsRoomAndTheRestAreUnplacedStartedUsersFirst() {
        // The 200,000-user run that cascaded: a worker of 18,000 was handed 158,929 users, failed its connects, and was lost in turn.
        Placement p = Placement.of(users(100), List.of(new Slicer.Member("a", 10), new Slicer.Member("b", 0),
                new Slicer.Member("c", 25)));

        assertThat(p.placed()).hasSize(35);
        assertThat(p.unplaced()).hasSize(65);
        assertThat(p.shares()).allSatisfy(s -> assertThat(s.users()).isLessThanOrEqualTo(s.workerId().equals("a") ? 10 : 25));
        assertThat(p.shares()).extracting(Slice::workerId).containsExactly("a", "c");
        assertThat(p.placed()).as("the 50 that had started come first").allMatch(SliceState.Unfinished::started);
        assertThat(p.unplacedStarted()).isEqualTo(15);
        assertThat(p.placed().get(0).user()).as("in slice order").isZero();
    }

    @Test
    void withNoRoomAnywhereNobodyIsPlaced() {
        Placement p = Placement.of(users(5), List.of(new Slicer.Member("a", 0)));

        assertThat(p.placed()).isEmpty();
        assertThat(p.shares()).isEmpty();
        assertThat(p.unplaced()).hasSize(5);
    }
}
