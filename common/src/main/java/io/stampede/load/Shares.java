package io.stampede.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splits a whole number into parts in proportion to weights, integer-exact: each part is the
 * floor of its exact quota, and the parts with the largest remainders get one more, so the
 * parts always add up to the whole and the same inputs always give the same split (like k6's
 * execution segments). Users over workers, users over lanes, max users over lanes: all here.
 */
public final class Shares {
    private Shares() {
    }

    /** {@code total} split by {@code weights} (each ≥ 0, at least one > 0); ties go to the lower index. */
    public static int[] split(int total, long[] weights) {
        int n = weights.length;
        long sum = 0;
        for (long w : weights) {
            if (w < 0) {
                throw new IllegalArgumentException("a weight is negative: " + w);
            }
            sum += w;
        }
        if (sum == 0) {
            throw new IllegalArgumentException("no weight to split " + total + " by");
        }
        int[] parts = new int[n];
        long[] remainders = new long[n];
        int assigned = 0;
        for (int i = 0; i < n; i++) {
            long exact = (long) total * weights[i];
            parts[i] = (int) (exact / sum);
            remainders[i] = exact % sum;
            assigned += parts[i];
        }
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingLong(i -> remainders[i]).reversed().thenComparing(i -> i));
        for (int k = 0; assigned < total; k++) {
            parts[order.get(k % n)]++;
            assigned++;
        }
        return parts;
    }

    /** {@code total} split into {@code n} parts as equal as can be. */
    public static int[] even(int total, int n) {
        long[] weights = new long[n];
        java.util.Arrays.fill(weights, 1);
        return split(total, weights);
    }

    /** Where each part starts when the parts are laid end to end: {@code n + 1} offsets from 0 to the total. */
    public static int[] offsets(int[] parts) {
        int[] offsets = new int[parts.length + 1];
        for (int i = 0; i < parts.length; i++) {
            offsets[i + 1] = offsets[i] + parts[i];
        }
        return offsets;
    }
}
