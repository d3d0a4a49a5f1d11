package io.stampede.stats;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Holm's step-down adjustment of p-values (Holm 1979): the family-wise error rate stays at most
 * α over every metric compared, whatever their dependence, and it is never less powerful than
 * Bonferroni. Adjusted p_(i) = max over j ≤ i of min(1, (m − j + 1)·p_(j)), in ascending order.
 */
public final class Holm {
    private Holm() {
    }

    public static double[] adjust(double[] p) {
        int m = p.length;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int i = order[rank];
            running = Math.max(running, Math.min(1, (m - rank) * p[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }
}
