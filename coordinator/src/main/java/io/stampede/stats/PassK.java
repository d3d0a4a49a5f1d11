package io.stampede.stats;

/**
 * pass^k as τ-bench defines it: the chance that all k attempts at a task pass. With n attempts of
 * a task of which c passed, the unbiased estimate for j ≤ n is C(c, j) / C(n, j), averaged over
 * tasks (Yao et al. 2024, τ-bench, §5).
 */
public final class PassK {
    private PassK() {
    }

    /** C(c, j) / C(n, j): the chance that j attempts drawn without replacement from n, c of them passing, all pass. */
    public static double ofTask(int c, int n, int j) {
        if (j > c) {
            return 0;
        }
        double p = 1;
        for (int i = 0; i < j; i++) {
            p *= (double) (c - i) / (n - i);
        }
        return p;
    }
}
