package io.stampede.wire;

import java.util.List;

/**
 * How load changes over a run, when it is more than "N users from the start": piecewise-linear
 * stages of users (closed model: user {@code i} runs while the target is above {@code i}) or of
 * arrivals per second (open model: each arrival is a new user running one conversation).
 *
 * <p>For the open model every worker computes the same global arrival schedule (constant
 * spacing, or Poisson from the shared {@code seed}) and takes the arrivals of its segment
 * {@code [segmentFrom, segmentTo)} of {@code 0..segmentDenominator}: arrival {@code n} belongs
 * to the segment holding {@code n·K mod d}, with {@code K} coprime to {@code d} (near the golden
 * section, so the workers' arrivals interleave). Every block of {@code d} consecutive arrivals
 * is a permutation of {@code 0..d}, so each worker takes exactly its share of each block and
 * every arrival is taken once. Within a worker, lane {@code lane} of {@code lanes} takes every
 * {@code lanes}-th of the worker's arrivals.
 *
 * @param open     true: stages are arrival rates (per second); false: stages are user counts
 * @param maxUsers open model: concurrent users this slice may hold; an arrival beyond it is dropped
 */
public record LoadShape(
        boolean open,
        List<Stage> stages,
        boolean poisson,
        long seed,
        long segmentFrom,
        long segmentTo,
        long segmentDenominator,
        int maxUsers,
        int lane,
        int lanes) {

    /** Over {@code durationMs} the target moves linearly from {@code from} to {@code to}. */
    public record Stage(long durationMs, double from, double to) {
    }

    public long totalMs() {
        return stages.stream().mapToLong(Stage::durationMs).sum();
    }

    /** The target (users or arrivals/s) at {@code ms} after the start; 0 after the last stage. */
    public double targetAt(long ms) {
        long at = 0;
        for (Stage s : stages) {
            if (ms < at + s.durationMs()) {
                double f = s.durationMs() == 0 ? 1 : (double) (ms - at) / s.durationMs();
                return s.from() + (s.to() - s.from()) * f;
            }
            at += s.durationMs();
        }
        return 0;
    }

    /** True when arrival {@code n} (0-based, global) belongs to this worker's segment. */
    public boolean takes(long n) {
        long position = Math.floorMod(n % segmentDenominator * stride(segmentDenominator), segmentDenominator);
        return position >= segmentFrom && position < segmentTo;
    }

    /** The stride {@code K}: coprime to {@code d}, near {@code 0.618·d}. */
    static long stride(long d) {
        if (d <= 2) {
            return 1;
        }
        long k = Math.max(1, Math.round(d * 0.6180339887498949));
        while (gcd(k, d) != 1) {
            k++;
        }
        return k;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** The same worker segment, for lane {@code lane} of {@code lanes} holding {@code maxUsersOfLane}. */
    public LoadShape forLane(int lane, int lanes, int maxUsersOfLane) {
        return new LoadShape(open, stages, poisson, seed, segmentFrom, segmentTo, segmentDenominator, maxUsersOfLane, lane, lanes);
    }
}
