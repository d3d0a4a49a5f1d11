package io.stampede.scenario;

import java.time.Duration;
import java.util.List;

import io.stampede.time.DurationRange;
import io.stampede.time.Rate;

/**
 * The load model. Closed model: {@code users} concurrent users, started evenly over
 * {@code rampUp}, each running the conversation until {@code duration} or for
 * {@code iterations} times. Open model: {@code arrivalRate} new conversations per unit of
 * time (each by a fresh user), capped at {@code maxUsers} concurrent. {@code stages} replace
 * the fixed numbers with a piecewise-linear profile.
 *
 * <p>{@code duration} is null when the run is bounded by iterations only; {@code iterations}
 * is 0 when unbounded (duration only). {@code gracefulStop} is how long a conversation in
 * flight at the end of the duration may still finish before it is interrupted. {@code warmup}
 * is the first part of the load, run but kept out of the measured figures (zero: none).
 *
 * <p>{@code repeat} (k, default 1): each user runs its conversation k times in a row, k attempts
 * of one task, so the summary can say how often all k pass (pass^k); {@code iterations} counts
 * tasks, so a user runs {@code iterations × repeat} conversations.
 */
public record Load(
        int users,
        Duration rampUp,
        Duration duration,
        int iterations,
        DurationRange thinkTime,
        Rate arrivalRate,
        boolean poisson,
        int maxUsers,
        List<Stage> stages,
        Duration gracefulStop,
        Duration warmup,
        int repeat) {

    public boolean isOpenModel() {
        return arrivalRate != null || stages.stream().anyMatch(s -> s.arrivalRate() != null);
    }

    public boolean hasStages() {
        return !stages.isEmpty();
    }

    /** Closed model with fixed users: the number of users that will ever run. */
    public int totalUsers() {
        return hasStages() ? stages.stream().mapToInt(s -> s.users() == null ? 0 : s.users()).max().orElse(0) : users;
    }

    /** Total planned length of the load phase, or null when bounded by iterations only. */
    public Duration plannedDuration() {
        if (hasStages()) {
            return stages.stream().map(Stage::duration).reduce(Duration.ZERO, Duration::plus);
        }
        return duration;
    }
}
