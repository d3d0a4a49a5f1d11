package io.stampede.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.stampede.cluster.Slicer.Member;

class SlicerTest {

    @Test
    void sharesFollowCapacityExactlyWhenTheyDivide() {
        List<Slice> slices = Slicer.split(600, List.of(new Member("w-a", 100), new Member("w-b", 200), new Member("w-c", 300)));

        assertThat(slices).containsExactly(
                new Slice("s0", "w-a", 0, 100),
                new Slice("s1", "w-b", 100, 300),
                new Slice("s2", "w-c", 300, 600));
    }

    @Test
    void leftoverUsersGoToTheLargestRemaindersThenToTheFirstWorkers() {
        assertThat(Slicer.split(10, List.of(new Member("w-a", 1), new Member("w-b", 1), new Member("w-c", 1))))
                .extracting(Slice::users).containsExactly(4, 3, 3);
        // quotas 7 × 1/6, 2/6, 3/6 = 1.17, 2.33, 3.5: floors 1, 2, 3 and the one left over to the largest remainder
        assertThat(Slicer.split(7, List.of(new Member("w-a", 1), new Member("w-b", 2), new Member("w-c", 3))))
                .extracting(Slice::users).containsExactly(1, 2, 4);
    }

    @Test
    void sharesAlwaysAddUpToTheWholeAndStayWithinOneOfTheExactQuota() {
        Random random = new Random(2026);
        for (int round = 0; round < 2_000; round++) {
            int users = random.nextInt(20_000);
            List<Member> members = new ArrayList<>();
            int n = 1 + random.nextInt(12);
            for (int i = 0; i < n; i++) {
                members.add(new Member("w-" + i, 1 + random.nextInt(50_000)));
            }
            long total = members.stream().mapToLong(Member::capacity).sum();

            List<Slice> slices = Slicer.split(users, members);

            assertThat(slices.stream().mapToInt(Slice::users).sum()).as("round " + round).isEqualTo(users);
            int next = 0;
            for (Slice s : slices) {
                assertThat(s.userFrom()).as("contiguous, round " + round).isEqualTo(next);
                assertThat(s.users()).isPositive();
                next = s.userTo();
                int capacity = members.stream().filter(m -> m.workerId().equals(s.workerId())).findFirst().orElseThrow().capacity();
                double quota = (double) users * capacity / total;
                assertThat((double) s.users()).as("share of " + s.workerId() + ", round " + round)
                        .isBetween(Math.floor(quota), Math.ceil(quota));
            }
        }
    }

    @Test
    void theSameWorkersInAnyOrderGiveTheSameSplit() {
        List<Member> members = new ArrayList<>(List.of(new Member("w-3", 7), new Member("w-1", 3), new Member("w-2", 5),
                new Member("w-0", 11)));
        List<Slice> first = Slicer.split(1_001, members);

        for (int i = 0; i < 10; i++) {
            Collections.shuffle(members, new Random(i));
            assertThat(Slicer.split(1_001, members)).isEqualTo(first);
        }
        assertThat(first).extracting(Slice::workerId).containsExactly("w-0", "w-1", "w-2", "w-3");
    }

    @Test
    void workersWithoutCapacityGetNoUsers() {
        List<Slice> slices = Slicer.split(10, List.of(new Member("w-a", 0), new Member("w-b", 5)));

        assertThat(slices).containsExactly(new Slice("s0", "w-b", 0, 10));
    }

    @Test
    void fewerUsersThanWorkersLeavesSomeWorkersOutAndSliceIdsStayDense() {
        List<Slice> slices = Slicer.split(2, List.of(new Member("w-a", 1), new Member("w-b", 1), new Member("w-c", 1)));

        assertThat(slices).containsExactly(new Slice("s0", "w-a", 0, 1), new Slice("s1", "w-b", 1, 2));
    }

    @Test
    void noWorkerWithCapacityIsRefusedSayingSo() {
        assertThatThrownBy(() -> Slicer.split(5, List.of(new Member("w-a", 0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no worker with capacity to run users");
        assertThatThrownBy(() -> Slicer.split(5, List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
