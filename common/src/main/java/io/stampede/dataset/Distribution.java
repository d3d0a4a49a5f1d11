package io.stampede.dataset;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A whole number of tokens drawn at random, as serving benchmarks shape their prompts and
 * answers: {@code fixed}, {@code normal} (mean, standard deviation), {@code uniform} (min to max,
 * both included) or a {@code histogram} of buckets (a value or a range, each with a weight; a
 * range is drawn uniformly). Every draw is clamped to {@code [min, max]} (at least 1). Immutable.
 */
public record Distribution(Kind kind, double a, double b, List<Bucket> buckets, int min, int max) {

    public enum Kind { FIXED, NORMAL, UNIFORM, HISTOGRAM }

    /** Values {@code from..to} (both included; one value when equal), drawn with this weight. */
    public record Bucket(int from, int to, double weight) {
    }

    public Distribution {
        buckets = buckets == null ? List.of() : List.copyOf(buckets);
    }

    public static Distribution fixed(int n) {
        return new Distribution(Kind.FIXED, n, 0, List.of(), 1, Integer.MAX_VALUE);
    }

    public int sample(SplittableRandom random) {
        double v = switch (kind) {
            case FIXED -> a;
            case NORMAL -> a + b * random.nextGaussian();
            case UNIFORM -> a + Math.floor(random.nextDouble() * (b - a + 1));
            case HISTOGRAM -> fromHistogram(random);
        };
        long n = Math.round(v);
        return (int) Math.max(Math.max(1, min), Math.min(max, n));
    }

    private double fromHistogram(SplittableRandom random) {
        double total = buckets.stream().mapToDouble(Bucket::weight).sum();
        double x = random.nextDouble() * total;
        Bucket pick = buckets.get(buckets.size() - 1);
        for (Bucket bucket : buckets) {
            if (x < bucket.weight()) {
                pick = bucket;
                break;
            }
            x -= bucket.weight();
        }
        return pick.from() == pick.to() ? pick.from() : pick.from() + Math.floor(random.nextDouble() * (pick.to() - pick.from() + 1));
    }

    /** The mean, for messages and docs. */
    public double mean() {
        return switch (kind) {
            case FIXED, NORMAL -> a;
            case UNIFORM -> (a + b) / 2;
            case HISTOGRAM -> {
                double total = buckets.stream().mapToDouble(Bucket::weight).sum();
                yield buckets.stream().mapToDouble(k -> k.weight() * (k.from() + k.to()) / 2.0).sum() / total;
            }
        };
    }
}
