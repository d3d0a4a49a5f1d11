package io.stampede.run;

import io.stampede.scenario.Load;
import io.stampede.scenario.Scenario;

/**
 * The load a run will apply, after command-line overrides: closed model, {@code users} users
 * ramped over {@code rampUpMs}, each running until {@code durationMs} (-1: no time bound) or for
 * {@code iterations} conversations (0: no count bound).
 */
public record RunPlan(int users, long rampUpMs, long durationMs, int iterations, long gracefulStopMs) {

    public static RunPlan of(Scenario scenario, RunOverrides overrides) {
        Load load = scenario.load();
        int users = overrides.users() != null ? overrides.users() : load.totalUsers();
        long durationMs = overrides.duration() != null ? overrides.duration().toMillis()
                : load.duration() != null ? load.duration().toMillis() : -1;
        long rampUpMs = load.rampUp().toMillis();
        if (durationMs >= 0) {
            rampUpMs = Math.min(rampUpMs, durationMs);
        }
        return new RunPlan(users, rampUpMs, durationMs, load.iterations(), load.gracefulStop().toMillis());
    }

    /** Progress 0–100 from elapsed time or from conversations done. */
    public double percent(long elapsedMs, long conversationsDone) {
        double byTime = durationMs > 0 ? 100.0 * elapsedMs / durationMs : 0;
        double byCount = iterations > 0 ? 100.0 * conversationsDone / ((double) users * iterations) : 0;
        return Math.min(100, Math.max(byTime, byCount));
    }
}
