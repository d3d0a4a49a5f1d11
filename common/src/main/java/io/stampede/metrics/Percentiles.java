package io.stampede.metrics;

import org.HdrHistogram.Histogram;

/**
 * Latency figures in milliseconds, read from one histogram (never averaged across histograms:
 * merge the histograms first). All zero when nothing was recorded.
 */
public record Percentiles(long count, double min, double mean, double p50, double p90, double p95, double p99, double p999, double max) {

    public static Percentiles of(Histogram h) {
        if (h.getTotalCount() == 0) {
            return new Percentiles(0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        return new Percentiles(
                h.getTotalCount(),
                ms(h.getMinValue()),
                round(h.getMean() / 1000.0),
                ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(90)),
                ms(h.getValueAtPercentile(95)),
                ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)),
                ms(h.getMaxValue()));
    }

    /** The value at any percentile in ms (100 = max). */
    public static double at(Histogram h, double percentile) {
        if (h.getTotalCount() == 0) {
            return 0;
        }
        return ms(percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile));
    }

    private static double ms(long micros) {
        return round(micros / 1000.0);
    }

    private static double round(double ms) {
        return Math.round(ms * 1000.0) / 1000.0;
    }
}
