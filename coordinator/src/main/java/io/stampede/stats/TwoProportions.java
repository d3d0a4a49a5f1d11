package io.stampede.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Two proportions, base x1/n1 and candidate x2/n2: the difference p2 − p1 with Newcombe's hybrid
 * score interval (from the two Wilson intervals; Newcombe 1998, method 10) and the one-sided
 * pooled z-test p-values of "the candidate is lower" and "higher".
 */
public record TwoProportions(double delta, double low, double high, double pLower, double pHigher) {
    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

    public static TwoProportions of(long x1, long n1, long x2, long n2) {
        if (n1 == 0 || n2 == 0) {
            return new TwoProportions(0, -1, 1, 1, 1);
        }
        double p1 = (double) x1 / n1;
        double p2 = (double) x2 / n2;
        Wilson w1 = Wilson.of(x1, n1);
        Wilson w2 = Wilson.of(x2, n2);
        double d = p2 - p1;
        double low = d - Math.sqrt(Math.pow(p2 - w2.low(), 2) + Math.pow(w1.high() - p1, 2));
        double high = d + Math.sqrt(Math.pow(w2.high() - p2, 2) + Math.pow(p1 - w1.low(), 2));
        double pooled = (double) (x1 + x2) / (n1 + n2);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        if (se == 0) {
            return new TwoProportions(d, low, high, 1, 1);
        }
        double z = d / se;
        return new TwoProportions(d, low, high, NORMAL.cumulativeProbability(z), 1 - NORMAL.cumulativeProbability(z));
    }
}
