package io.stampede.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;

import io.stampede.report.LatencyHistory;
import io.stampede.report.RunFiles;
import io.stampede.results.ResultFolder;
import io.stampede.results.Summary;

/**
 * What a comparison reads of a run: its summary (counts for the rates) and every key's whole-run
 * histogram from its latency.hlog (the distributions for the latency tests); the histograms are
 * empty for a run without the log, whose latencies are then judged on the floor alone.
 */
public record RunSample(Summary summary, Map<String, Histogram> histograms) {

    public static RunSample read(Path dir) throws IOException {
        Summary summary = RunFiles.read(dir).summary();
        Map<String, Histogram> histograms = new HashMap<>();
        Path log = dir.resolve(ResultFolder.LATENCY);
        if (Files.isRegularFile(log)) {
            long start = summary.startedAt() == null ? 0 : Instant.parse(summary.startedAt()).toEpochMilli();
            LatencyHistory history = LatencyHistory.read(log, start, 3600);
            history.keys().forEach(k -> histograms.put(k, history.total(k)));
        }
        return new RunSample(summary, histograms);
    }

    /** A run known only by its summary (no distributions). */
    public static RunSample of(Summary summary) {
        return new RunSample(summary, Map.of());
    }

    /** A key's histogram pooled over {@code runs} (null when none has it). */
    static Histogram pooled(List<RunSample> runs, String key) {
        Histogram all = null;
        for (RunSample r : runs) {
            Histogram h = r.histograms().get(key);
            if (h != null && h.getTotalCount() > 0) {
                if (all == null) {
                    all = new Histogram(h.getNumberOfSignificantValueDigits());
                    all.setAutoResize(true);
                }
                all.add(h);
            }
        }
        return all;
    }
}
