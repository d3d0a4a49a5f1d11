package io.stampede.run;

import java.time.Duration;

/**
 * Changes to a scenario's load for one run; null = as written. {@code users}, {@code duration}
 * ({@code --users}, {@code --duration}); {@code arrivalRate} (per second, the open model's rate:
 * a capacity search's level); {@code warmup}: the first part of the load that its level's figures
 * leave out (summary.json {@code levels}); {@code record}: the conversations are recorded whole
 * ({@code --record}: {@code conversations.jsonl}).
 */
public record RunOverrides(Integer users, Duration duration, Double arrivalRate, Duration warmup, boolean record) {
    public static final RunOverrides NONE = new RunOverrides(null, null);

    public RunOverrides(Integer users, Duration duration) {
        this(users, duration, null, null, false);
    }

    /** Users and duration, recording or not. */
    public RunOverrides(Integer users, Duration duration, boolean record) {
        this(users, duration, null, null, record);
    }

    /** A capacity search's level, not recording. */
    public RunOverrides(Integer users, Duration duration, Double arrivalRate, Duration warmup) {
        this(users, duration, arrivalRate, warmup, false);
    }
}
