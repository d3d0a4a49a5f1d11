package io.stampede.api;

/**
 * How many runs may be submitted now: a token bucket of {@code perMinute} submits that refills
 * evenly over a minute, for all callers together (a shared coordinator's load generators are one
 * resource, whoever asks). Thread-safe.
 */
final class SubmitRate {
    private final int perMinute;
    private final long nanosPerSubmit;
    private double available;
    private long lastNanos = System.nanoTime();

    SubmitRate(int perMinute) {
        this.perMinute = perMinute;
        this.nanosPerSubmit = 60_000_000_000L / perMinute;
        this.available = perMinute;
    }

    /** Takes one submit; 0 when allowed, else the seconds to wait before the next one is. */
    synchronized long take() {
        long now = System.nanoTime();
        available = Math.min(perMinute, available + (double) (now - lastNanos) / nanosPerSubmit);
        lastNanos = now;
        if (available >= 1) {
            available -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - available) * nanosPerSubmit / 1e9));
    }

    int perMinute() {
        return perMinute;
    }
}
