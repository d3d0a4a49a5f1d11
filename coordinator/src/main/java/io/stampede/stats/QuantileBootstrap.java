package io.stampede.stats;

import java.util.Arrays;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * A bootstrap of the difference between two samples' q-quantiles (candidate − base), exact and
 * cheap from histograms: the k-th smallest of n values resampled from a sample is that sample's
 * inverse CDF at the k-th smallest of n uniforms, which is Beta(k, n − k + 1); so a replicate costs
 * one Beta draw and one rank lookup per side instead of n draws (the order-statistic form of
 * Efron's bootstrap; Hutson 2004). {@code B} replicates give a percentile interval of the
 * difference and one-sided p-values: {@code pHigher} = (1 + #{d* ≤ 0}) / (B + 1), the evidence that
 * the candidate's quantile is higher, and {@code pLower} likewise. Seeded, so a comparison is
 * reproducible.
 *
 * @param delta the observed difference of the quantiles (units of the samples)
 */
public record QuantileBootstrap(double delta, double low, double high, double pHigher, double pLower) {
    public static final int REPLICATES = 4000;

    public static QuantileBootstrap of(Sample base, Sample candidate, double q, double confidence, long seed) {
        RandomGenerator random = new Well19937c(seed);
        double[] d = new double[REPLICATES];
        long notHigher = 0;
        long notLower = 0;
        double[] b = draws(base, q, random);
        double[] c = draws(candidate, q, random);
        for (int i = 0; i < REPLICATES; i++) {
            d[i] = c[i] - b[i];
            if (d[i] <= 0) {
                notHigher++;
            }
            if (d[i] >= 0) {
                notLower++;
            }
        }
        Arrays.sort(d);
        double tail = (1 - confidence) / 2;
        double delta = candidate.quantile(q) - (double) base.quantile(q);
        return new QuantileBootstrap(delta, d[(int) Math.floor(tail * (REPLICATES - 1))],
                d[(int) Math.ceil((1 - tail) * (REPLICATES - 1))], (1.0 + notHigher) / (REPLICATES + 1),
                (1.0 + notLower) / (REPLICATES + 1));
    }

    private static double[] draws(Sample s, double q, RandomGenerator random) {
        long n = s.n();
        long k = Math.max(1, (long) Math.ceil(q * n));
        double[] out = new double[REPLICATES];
        if (k >= n || n == 1) {
            // The maximum's bootstrap: the largest of n draws, P(rank ≤ r) = (r/n)^n.
            for (int i = 0; i < REPLICATES; i++) {
                double u = Math.pow(random.nextDouble(), 1.0 / n);
                out[i] = s.atRank((long) Math.ceil(u * n));
            }
            return out;
        }
        BetaDistribution beta = new BetaDistribution(random, k, n - k + 1, BetaDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY);
        for (int i = 0; i < REPLICATES; i++) {
            out[i] = s.atRank((long) Math.ceil(beta.sample() * n));
        }
        return out;
    }
}
