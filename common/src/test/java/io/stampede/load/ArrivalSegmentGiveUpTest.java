package io.stampede.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Segments that give positions up to a worker that joins still take every arrival exactly once, before and after. */
class ArrivalSegmentGiveUpTest {

    @Test
    void afterTwoJoinsEveryArrivalAtEveryTimeBelongsToExactlyOneWorker() {
        long d = 97;
        List<ArrivalSegment> workers = new ArrayList<>(List.of(ArrivalSegment.ofWorker(0, 40, d, 40),
                ArrivalSegment.ofWorker(40, 97, d, 57)));
        workers.add(join(workers, 30, 10_000));
        workers.add(join(workers, 20, 25_000));
        for (long n = 0; n < 5 * d; n++) {
            for (double atMs : new double[] {0, 9_999.9, 10_000, 17_000, 24_999, 25_000, 60_000}) {
                long n0 = n;
                long owners = workers.stream().filter(w -> w.takes(n0, atMs)).count();
                assertThat(owners).as("arrival " + n + " at " + atMs + " ms").isEqualTo(1);
            }
        }
        assertThat(workers).extracting(w -> w.sizeAt(30_000)).containsExactly(22L, 31L, 24L, 20L);
        assertThat(workers.stream().mapToLong(w -> w.sizeAt(5_000)).sum()).isEqualTo(d);
        assertThat(workers.stream().mapToInt(ArrivalSegment::maxUsers).sum()).isEqualTo(97);
    }

    /** A new worker takes {@code count} positions from {@code fromMs}, from the others in proportion to what they hold. */
    private static ArrivalSegment join(List<ArrivalSegment> workers, int count, long fromMs) {
        long[] sizes = workers.stream().mapToLong(w -> w.sizeAt(fromMs)).toArray();
        int[] gives = Shares.split(count, sizes);
        List<ArrivalSegment.Part> taken = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            ArrivalSegment.Split split = workers.get(i).giveUp(gives[i], fromMs);
            workers.set(i, split.kept());
            taken.addAll(split.given());
        }
        return new ArrivalSegment(taken, workers.get(0).denominator(), count, 0, 1);
    }
}
