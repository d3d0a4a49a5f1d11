package io.stampede.run;

import java.time.Duration;

/**
 * Command-line changes to a scenario's run ({@code --users}, {@code --duration}; null = as written),
 * and whether its conversations are recorded whole ({@code --record}: {@code conversations.jsonl}).
 */
public record RunOverrides(Integer users, Duration duration, boolean record) {
    public static final RunOverrides NONE = new RunOverrides(null, null, false);

    /** Not recording. */
    public RunOverrides(Integer users, Duration duration) {
        this(users, duration, false);
    }
}
