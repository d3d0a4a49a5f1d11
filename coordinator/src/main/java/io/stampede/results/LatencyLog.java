package io.stampede.results;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * {@code latency.hlog}: every interval histogram as it arrived, written with HdrHistogram's own
 * log writer, one tag per step/node key (e.g. {@code step:ask_refund}, see {@link #tag}), so HdrHistogram's
 * {@code HistogramLogProcessor} and other hlog tools read it. Values are microseconds.
 *
 * <p>HdrHistogram's writer prints into a buffer; {@link #flush} puts what it holds into the
 * file in one write of whole lines, so a coordinator killed at any moment leaves a log that ends
 * with a whole interval.
 *
 * <p>Not thread-safe: written from the run's ordered writer.
 */
public final class LatencyLog implements AutoCloseable {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final OutputStream file;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final HistogramLogWriter writer;
    private final long startMs;

    public LatencyLog(Path file, long startMs) throws IOException {
        this.file = new FileOutputStream(file.toFile());
        this.writer = new HistogramLogWriter(new PrintStream(pending, false, StandardCharsets.UTF_8));
        this.startMs = startMs;
        writer.outputLogFormatVersion();
        writer.outputComment("Stampede latency log: values in microseconds, one tag per step/node");
        writer.outputStartTime(startMs);
        writer.setBaseTime(startMs);
        writer.outputLegend();
        flush();
    }

    public void append(String key, long intervalStartMs, long intervalEndMs, Histogram histogram) {
        histogram.setTag(tag(key));
        double from = Math.max(0, intervalStartMs - startMs) / 1000.0;
        double to = Math.max(0, intervalEndMs - startMs) / 1000.0;
        // Ratio 1000: the interval line's max column in milliseconds (values are microseconds).
        writer.outputIntervalHistogram(from, to, histogram, 1000.0);
    }

    /**
     * hlog tags end at a comma or blank, so every other character is percent-encoded (its UTF-8
     * bytes, as in a URL): names stay readable where they are plain, and two keys never share
     * a tag — "ask me" and "ask_me", or two steps named in Chinese, stay apart.
     */
    static String tag(String key) {
        StringBuilder out = new StringBuilder(key.length());
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "_.:/-".indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /** The key a {@link #tag} was made from. */
    public static String key(String tag) {
        return URLDecoder.decode(tag, StandardCharsets.UTF_8); // no '+' in a tag: it was encoded
    }

    /** Writes the intervals appended since the last flush, whole, to the file. */
    public void flush() throws IOException {
        if (pending.size() > 0) {
            file.write(pending.toByteArray());
            pending.reset();
        }
    }

    @Override
    public void close() throws IOException {
        flush();
        file.close();
    }
}
