package io.stampede.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.stampede.load.Shares;

/**
 * Splits a run's users over workers in proportion to their capacity, integer-exact
 * ({@link Shares}: the parts always add up to the whole, and the same inputs give the same
 * split). Ranges are contiguous and in worker-id order, so user indexes — and with them the
 * ramp-up offsets and CSV rows — are global.
 */
public final class Slicer {
    /** A worker as slicing sees it. */
    public record Member(String workerId, int capacity) {
    }

    private Slicer() {
    }

    public static List<Slice> split(int users, List<Member> members) {
        List<Member> sorted = members.stream().filter(m -> m.capacity() > 0)
                .sorted(Comparator.comparing(Member::workerId)).toList();
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("no worker with capacity to run users");
        }
        int[] shares = Shares.split(users, sorted.stream().mapToLong(Member::capacity).toArray());
        List<Slice> slices = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < shares.length; i++) {
            if (shares[i] > 0) {
                slices.add(new Slice("s" + slices.size(), sorted.get(i).workerId(), from, from + shares[i]));
                from += shares[i];
            }
        }
        return slices;
    }
}
