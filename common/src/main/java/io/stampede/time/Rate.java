package io.stampede.time;

import java.time.Duration;

/** Arrivals per time unit, e.g. {@code 20/s} or {@code 600/m}. */
public record Rate(double count, Duration per) {
    public double perSecond() {
        return count * 1_000_000_000.0 / per.toNanos();
    }
}
