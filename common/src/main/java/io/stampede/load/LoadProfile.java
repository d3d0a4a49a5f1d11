package io.stampede.load;

import java.util.List;

/**
 * The load of a whole run, the same for every worker: how many users and how they come.
 *
 * <ul>
 * <li><b>Closed</b> ({@link #closed}): {@code users} users, user {@code i} starting at
 *     {@code rampUpMs × i / users} after the start, each running conversations until
 *     {@code durationMs} (-1: no time bound) or for {@code iterations} (0: no count bound).
 * <li><b>Stages of users</b> ({@link #stagesOfUsers}): piecewise-linear user targets; user
 *     {@code i} runs while the target is above {@code i}; {@code users} is the highest target.
 * <li><b>Arrivals</b> ({@link #arrivals}): piecewise-linear arrivals per second, each arrival a
 *     new user running one conversation; constant spacing or Poisson from the shared
 *     {@code seed}; {@code users} is the most users at once ({@code max_users}).
 *
 * <li><b>Recorded arrivals</b> ({@link #recordedArrivals}): arrival {@code n} at {@code arrivalAtMs[n]},
 *     each a new user running one conversation: a replay of a recording at its own pace.
 * </ul>
 *
 * @param stages      empty for the plain closed model
 * @param warmupMs    the first part of the load, run but not measured ({@link #withWarmup})
 * @param arrivalAtMs the recorded arrivals' times after the start, ascending; null for every other model
 */
public record LoadProfile(int users, long rampUpMs, long durationMs, int iterations, long gracefulStopMs,
                          List<Stage> stages, boolean arrivals, boolean poisson, long seed, long warmupMs, long[] arrivalAtMs) {

    /** Over {@code durationMs} the target moves linearly from {@code from} to {@code to}. */
    public record Stage(long durationMs, double from, double to) {
    }

    public LoadProfile {
        stages = List.copyOf(stages);
    }

    /** Without recorded arrivals. */
    public LoadProfile(int users, long rampUpMs, long durationMs, int iterations, long gracefulStopMs,
                       List<Stage> stages, boolean arrivals, boolean poisson, long seed, long warmupMs) {
        this(users, rampUpMs, durationMs, iterations, gracefulStopMs, stages, arrivals, poisson, seed, warmupMs, null);
    }

    /**
     * Arrivals at the given times (ms after the start, ascending), each a new user running one
     * conversation; at most {@code maxUsers} at once. The load lasts {@code spanMs} (at least a
     * second past the last arrival): a recording's span, so its conversations end as they did
     * before the graceful stop begins.
     */
    public static LoadProfile recordedArrivals(long[] atMs, long spanMs, int maxUsers, long gracefulStopMs) {
        long lastArrival = atMs.length == 0 ? 0 : atMs[atMs.length - 1];
        long last = Math.max(spanMs, lastArrival + 1_000);
        // One stage at the mean rate keeps everything that reads stages (progress, planned arrivals) true.
        double seconds = Math.max(0.001, (last + 1) / 1000.0);
        List<Stage> stages = List.of(new Stage(last + 1, atMs.length / seconds, atMs.length / seconds));
        return new LoadProfile(maxUsers, 0, last + 1, 1, gracefulStopMs, stages, true, false, 0, 0, atMs.clone());
    }

    /** True when the arrivals are a recording's. */
    public boolean hasRecordedArrivals() {
        return arrivalAtMs != null;
    }

    public static LoadProfile closed(int users, long rampUpMs, long durationMs, int iterations, long gracefulStopMs) {
        return new LoadProfile(users, rampUpMs, durationMs, iterations, gracefulStopMs, List.of(), false, false, 0, 0);
    }

    public static LoadProfile stagesOfUsers(List<Stage> stages, int maxUsers, int iterations, long gracefulStopMs) {
        return new LoadProfile(maxUsers, 0, totalMs(stages), iterations, gracefulStopMs, stages, false, false, 0, 0);
    }

    public static LoadProfile arrivals(List<Stage> stages, boolean poisson, long seed, int maxUsers, long gracefulStopMs) {
        return new LoadProfile(maxUsers, 0, totalMs(stages), 1, gracefulStopMs, stages, true, poisson, seed, 0);
    }

    /**
     * The same load whose first {@code ms} are a warm-up: run as planned, kept out of the
     * measured figures (the summary, stats, latency.hlog, thresholds); counted in the timeline.
     */
    public LoadProfile withWarmup(long ms) {
        return new LoadProfile(users, rampUpMs, durationMs, iterations, gracefulStopMs, stages, arrivals, poisson, seed, ms, arrivalAtMs);
    }

    /** Whether second {@code second} of the run (s to s + 1 after the start) is warm-up: the warm-up rounds up to whole seconds. */
    public boolean warmupSecond(long second) {
        return second * 1000 < warmupMs;
    }

    /**
     * Each conversation run {@code k} times ({@code load.repeat}): a user bounded by a count runs
     * {@code iterations × k} conversations (an arrival k instead of one); 0 (no count bound) stays 0.
     */
    public LoadProfile repeated(int k) {
        return k <= 1 || iterations == 0 ? this
                : new LoadProfile(users, rampUpMs, durationMs, iterations * k, gracefulStopMs, stages, arrivals, poisson, seed, warmupMs);
    }

    /** True for the open model: users come as arrivals, not as a fixed population. */
    public boolean isOpen() {
        return arrivals;
    }

    /** True when the target moves with stages or arrivals, i.e. follows the clock. */
    public boolean isShaped() {
        return !stages.isEmpty();
    }

    /** The closed model with stages of users. */
    public boolean hasUserStages() {
        return !arrivals && !stages.isEmpty();
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

    /** Arrivals the open model expects over the whole profile (the integral of the rate). */
    public double plannedArrivals() {
        if (arrivalAtMs != null) {
            return arrivalAtMs.length;
        }
        return arrivals ? stages.stream().mapToDouble(s -> (s.from() + s.to()) / 2 * s.durationMs() / 1000.0).sum() : 0;
    }

    private static long totalMs(List<Stage> stages) {
        return stages.stream().mapToLong(Stage::durationMs).sum();
    }
}
