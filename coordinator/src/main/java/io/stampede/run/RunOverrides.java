package io.stampede.run;

import java.time.Duration;

/** Command-line changes to a scenario's load ({@code --users}, {@code --duration}); null = as written. */
public record RunOverrides(Integer users, Duration duration) {
    public static final RunOverrides NONE = new RunOverrides(null, null);
}
