package io.stampede.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.stampede.results.LatencyLog;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.IntCountsHistogram;

/**
 * {@code latency.hlog} merged back per key (its tag: {@code step:ask}, {@code node:rag},
 * {@code ttft:ask}) and per time bucket. The interval lines arrive in the order workers reported
 * them, several per second (one per lane), so every line is added into its key's bucket.
 *
 * <p>Two precisions, on purpose: a key's whole-run histogram keeps the recorded 3 significant
 * digits (its percentiles match summary.json), while the per-bucket histograms, which only feed
 * charts, keep 2 digits in int counts, so a long run with many keys costs megabytes, not a gigabyte.
 * Values are microseconds, as recorded.
 */
public final class LatencyHistory {
    /** Pseudo key: every {@code step:} key merged, the run's overall latency. */
    public static final String ALL_STEPS = "all steps";
    /** Pseudo key: every {@code ttft:} key merged, time to first token over all streamed steps. */
    public static final String ALL_TTFT = "all ttft";

    private final long bucketMs;
    private final Map<String, Histogram> totals = new TreeMap<>();
    private final Map<String, TreeMap<Long, AbstractHistogram>> buckets = new TreeMap<>();

    private LatencyHistory(long bucketMs) {
        this.bucketMs = bucketMs;
    }

    /**
     * Reads the log; intervals are placed by their start relative to {@code runStartMs}, in buckets
     * of {@code bucketSeconds}. A missing file reads as empty.
     */
    public static LatencyHistory read(Path file, long runStartMs, int bucketSeconds) throws IOException {
        LatencyHistory history = new LatencyHistory(bucketSeconds * 1000L);
        if (!Files.isRegularFile(file)) {
            return history;
        }
        try (HistogramLogReader reader = new HistogramLogReader(file.toFile())) {
            while (reader.hasNext()) {
                EncodableHistogram next = reader.nextIntervalHistogram();
                if (next instanceof AbstractHistogram interval && next.getTag() != null) {
                    history.add(LatencyLog.key(next.getTag()), relativeMs(interval.getStartTimeStamp(), reader, runStartMs), interval);
                }
            }
        } catch (RuntimeException e) {
            // A log cut short (a coordinator killed mid-run) still yields what was read before the damage.
            if (history.totals.isEmpty()) {
                throw new IOException("cannot read " + file.getFileName() + ": " + e.getMessage(), e);
            }
        }
        return history;
    }

    /** The reader yields absolute epoch ms when the log has a start time; otherwise seconds since it. */
    private static long relativeMs(long stamp, HistogramLogReader reader, long runStartMs) {
        return stamp > 365L * 24 * 3600 * 1000 ? stamp - runStartMs : stamp;
    }

    private void add(String key, long relativeMs, AbstractHistogram interval) {
        long bucket = Math.max(0, Math.round((double) relativeMs / bucketMs));
        merge(key, bucket, interval);
        if (key.startsWith("step:")) {
            merge(ALL_STEPS, bucket, interval);
        } else if (key.startsWith("ttft:")) {
            merge(ALL_TTFT, bucket, interval);
        }
    }

    private void merge(String key, long bucket, AbstractHistogram interval) {
        totals.computeIfAbsent(key, k -> new Histogram(3)).add(interval);
        buckets.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(bucket, b -> new IntCountsHistogram(2)).add(interval);
    }

    public long bucketMs() {
        return bucketMs;
    }

    /** Keys in the log, plus {@link #ALL_STEPS} and {@link #ALL_TTFT} when any step or TTFT was recorded. */
    public List<String> keys() {
        return new ArrayList<>(totals.keySet());
    }

    /** The whole run's histogram of a key (µs), or null. */
    public Histogram total(String key) {
        return totals.get(key);
    }

    /** A key's histograms by bucket index (bucket × bucketMs = time since start); empty when unknown. */
    public TreeMap<Long, AbstractHistogram> buckets(String key) {
        return buckets.getOrDefault(key, new TreeMap<>());
    }

    public boolean isEmpty() {
        return totals.isEmpty();
    }
}
