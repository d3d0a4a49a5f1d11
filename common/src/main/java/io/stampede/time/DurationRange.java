package io.stampede.time;

import java.time.Duration;
import java.util.SplittableRandom;

/** A fixed duration ({@code 2s}) or a uniform range ({@code 1s..3s}), e.g. think time. */
public record DurationRange(Duration min, Duration max) {
    public static final DurationRange ZERO = new DurationRange(Duration.ZERO, Duration.ZERO);

    public DurationRange {
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException("range end " + max + " is before its start " + min);
        }
    }

    public static DurationRange fixed(Duration d) {
        return new DurationRange(d, d);
    }

    public boolean isZero() {
        return max.isZero();
    }

    /** A value in [min, max] in milliseconds, uniform. */
    public long sampleMillis(SplittableRandom random) {
        long lo = min.toMillis();
        long hi = max.toMillis();
        return lo == hi ? lo : lo + random.nextLong(hi - lo + 1);
    }
}
