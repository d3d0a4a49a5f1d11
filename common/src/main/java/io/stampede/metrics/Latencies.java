package io.stampede.metrics;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * The one histogram shape of the project: microseconds from 1 µs to 1 hour at 3 significant
 * digits. Every latency histogram is created here, so any two can be added without resizing.
 */
public final class Latencies {
    public static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
    public static final int SIGNIFICANT_DIGITS = 3;

    private Latencies() {
    }

    public static Histogram newHistogram() {
        return new Histogram(1, HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    }

    /** Whether {@code h} has the shape {@link #newHistogram} gives, so it adds to any of ours as is. */
    public static boolean isShaped(Histogram h) {
        return h.getClass() == Histogram.class && h.getLowestDiscernibleValue() == 1
                && h.getHighestTrackableValue() == HIGHEST_MICROS && h.getNumberOfSignificantValueDigits() == SIGNIFICANT_DIGITS;
    }

    /** Records a latency, clamping to the trackable range so an outlier never throws on the hot path. */
    public static void record(Histogram histogram, long micros) {
        histogram.recordValue(Math.max(1, Math.min(micros, HIGHEST_MICROS)));
    }
}
