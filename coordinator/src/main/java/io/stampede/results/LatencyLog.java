package io.stampede.results;

import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.nio.file.Path;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * {@code latency.hlog}: every interval histogram as it arrived, written with HdrHistogram's own
 * log writer, one tag per step/node key (e.g. {@code step:ask_refund}), so HdrHistogram's
 * {@code HistogramLogProcessor} and other hlog tools read it. Values are microseconds.
 *
 * <p>Not thread-safe: written from the run's ordered writer.
 */
public final class LatencyLog implements AutoCloseable {
    private final PrintStream stream;
    private final HistogramLogWriter writer;
    private final long startMs;

    public LatencyLog(Path file, long startMs) throws FileNotFoundException {
        this.stream = new PrintStream(file.toFile());
        this.writer = new HistogramLogWriter(stream);
        this.startMs = startMs;
        writer.outputLogFormatVersion();
        writer.outputComment("Stampede latency log: values in microseconds, one tag per step/node");
        writer.outputStartTime(startMs);
        writer.setBaseTime(startMs);
        writer.outputLegend();
    }

    public void append(String key, long intervalStartMs, long intervalEndMs, Histogram histogram) {
        histogram.setTag(tag(key));
        double from = Math.max(0, intervalStartMs - startMs) / 1000.0;
        double to = Math.max(0, intervalEndMs - startMs) / 1000.0;
        // Ratio 1000: the interval line's max column in milliseconds (values are microseconds).
        writer.outputIntervalHistogram(from, to, histogram, 1000.0);
    }

    /** hlog tags end at a comma or blank: keep names readable, replace the rest. */
    static String tag(String key) {
        return key.replaceAll("[^A-Za-z0-9_.:/\\-]", "_");
    }

    @Override
    public void close() {
        stream.close();
    }
}
