package io.stampede.stats;

/**
 * The Wilson score interval of a proportion: {@code successes} of {@code n}. Unlike the normal
 * approximation it stays inside [0, 1] and keeps its coverage near 0 and 1, where goodput and pass
 * rates live (Wilson 1927; Brown, Cai and DasGupta 2001).
 *
 * <pre>
 *   centre = (p̂ + z²/2n) / (1 + z²/n)      half = z / (1 + z²/n) · √(p̂(1−p̂)/n + z²/4n²)
 * </pre>
 *
 * @param low  lower bound, 0–1
 * @param high upper bound, 0–1
 */
public record Wilson(double low, double high) {
    /** z of a two-sided 95 % interval (each bound alone is a one-sided 97.5 % bound). */
    public static final double Z95 = 1.959963984540054;

    public static Wilson of(long successes, long n, double z) {
        if (n <= 0) {
            return new Wilson(0, 1);
        }
        double p = (double) successes / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new Wilson(Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /** The 95 % interval. */
    public static Wilson of(long successes, long n) {
        return of(successes, n, Z95);
    }
}
