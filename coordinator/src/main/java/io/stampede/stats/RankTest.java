package io.stampede.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The Mann–Whitney U test (Wilcoxon rank-sum) of two samples straight from their histograms' counts:
 * are the candidate's values stochastically larger than the base's? The normal approximation with
 * the tie correction, exact enough from a few dozen values per side.
 *
 * @param superiority the probability that a candidate value is above a base value (ties count half):
 *                    0.5 when the two are alike
 * @param pHigher     one-sided p-value of "the candidate is larger"; {@code pLower} the other way
 */
public record RankTest(double superiority, double pHigher, double pLower) {
    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

    public static RankTest of(Sample base, Sample candidate) {
        double n1 = base.n();
        double n2 = candidate.n();
        if (n1 == 0 || n2 == 0) {
            return new RankTest(0.5, 1, 1);
        }
        long[] bv = base.values();
        long[] bc = base.counts();
        long[] cv = candidate.values();
        long[] cc = candidate.counts();
        double u = 0;       // candidate values above base values, ties half
        double ties = 0;    // Σ (t³ − t) over tied groups of the pooled sample
        double below = 0;   // base values below the current one
        int i = 0;
        int j = 0;
        while (i < bv.length || j < cv.length) {
            long v = j >= cv.length || i < bv.length && bv[i] <= cv[j] ? bv[i] : cv[j];
            double b = i < bv.length && bv[i] == v ? bc[i++] : 0;
            double c = j < cv.length && cv[j] == v ? cc[j++] : 0;
            u += c * (below + b / 2);
            below += b;
            double t = b + c;
            ties += t * t * t - t;
        }
        double n = n1 + n2;
        double mean = n1 * n2 / 2;
        double variance = n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1)));
        if (variance <= 0) {
            return new RankTest(u / (n1 * n2), 1, 1);
        }
        double z = (u - mean) / Math.sqrt(variance);
        return new RankTest(u / (n1 * n2), 1 - NORMAL.cumulativeProbability(z), NORMAL.cumulativeProbability(z));
    }
}
