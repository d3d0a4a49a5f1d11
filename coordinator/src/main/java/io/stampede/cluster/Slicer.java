package io.stampede.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splits a run's users over workers in proportion to their capacity, integer-exact: the
 * shares are the floors of the exact quotas plus one for the largest remainders, so they
 * always add up to the whole (like k6's execution segments, the same inputs always give the
 * same split). Ranges are contiguous and in worker-id order, so user indexes — and with them
 * the ramp-up offsets and CSV rows — are global.
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
        long totalCapacity = sorted.stream().mapToLong(Member::capacity).sum();
        int n = sorted.size();
        int[] shares = new int[n];
        long[] remainders = new long[n];
        int assigned = 0;
        for (int i = 0; i < n; i++) {
            long exact = (long) users * sorted.get(i).capacity();
            shares[i] = (int) (exact / totalCapacity);
            remainders[i] = exact % totalCapacity;
            assigned += shares[i];
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingLong(i -> remainders[i]).reversed().thenComparing(i -> i));
        for (int k = 0; assigned < users; k++) {
            shares[order.get(k % n)]++;
            assigned++;
        }
        List<Slice> slices = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < n; i++) {
            if (shares[i] > 0) {
                slices.add(new Slice("s" + slices.size(), sorted.get(i).workerId(), from, from + shares[i]));
                from += shares[i];
            }
        }
        return slices;
    }
}
