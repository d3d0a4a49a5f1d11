package io.stampede.wire;

import java.util.List;

/**
 * How load changes over a run, when it is more than "N users from the start": piecewise-linear
 * stages of users (closed model: user {@code i} runs while the target is above {@code i}) or of
 * arrivals per second (open model: each arrival is a new user running one conversation).
 *
 * <p>For the open model every worker computes the same global arrival schedule (constant
 * spacing, or Poisson from the shared {@code seed}) and takes the arrivals of its segment
 * {@code [segmentFrom, segmentTo) / segmentDenominator} of the unit interval: arrival {@code n}
 * is taken by the segment whose count {@code floor(n·to/d) − floor(n·from/d)} grows at
 * {@code n}. The segments of all workers tile the interval, so every arrival is taken exactly
 * once, interleaved, in proportion to capacity.
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
        int maxUsers) {

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

    /** True when arrival {@code n} (0-based, global) belongs to this segment. */
    public boolean takes(long n) {
        return count(n + 1) > count(n);
    }

    private long count(long n) {
        return Math.floorDiv(n * segmentTo, segmentDenominator) - Math.floorDiv(n * segmentFrom, segmentDenominator);
    }

    /** The same shape restricted to part {@code [part, part+1)} of {@code parts} of this segment (for lanes). */
    public LoadShape subSegment(int part, int parts, int maxUsersOfPart) {
        long width = segmentTo - segmentFrom;
        return new LoadShape(open, stages, poisson, seed, segmentFrom * parts + width * part,
                segmentFrom * parts + width * (part + 1), segmentDenominator * parts, maxUsersOfPart);
    }
}
