package io.stampede.report;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Builds a run's {@link ReportData} from its folder alone: summary and scenario, timeseries.csv,
 * latency.hlog (latency over time, heatmap, full distributions) and events.jsonl (swimlanes,
 * samples). Blocking IO.
 */
public final class ReportModel {
    /** At most this many points per chart line: longer runs get wider buckets. */
    static final int MAX_POINTS = 600;
    /** At most this many timeline rows: longer runs keep every k-th second. */
    static final int MAX_TIMELINE_ROWS = 7200;
    /** Percentile ticks per halving of the distance to 100%, as HdrHistogram's own output uses. */
    static final int TICKS_PER_HALF_DISTANCE = 5;
    /** Latency bands of the heatmap: the R10 series, ten per decade (1, 1.25, 1.6, 2, 2.5, …). */
    private static final double[] R10 = {1, 1.25, 1.6, 2, 2.5, 3.15, 4, 5, 6.3, 8};

    private ReportModel() {
    }

    public static ReportData build(RunFiles run, String generator) throws IOException {
        long seconds = run.seconds();
        int bucketSeconds = (int) Math.max(1, (seconds + MAX_POINTS - 1) / MAX_POINTS);
        Map<String, List<Double>> timeline = Timeline.read(run.timeseries());
        int stride = thin(timeline);
        LatencyHistory history = LatencyHistory.read(run.latencyLog(), run.startMs(), bucketSeconds);
        EventDigest events = EventDigest.read(run.events(), run.startMs());
        Map<String, ReportData.KeySeries> series = new LinkedHashMap<>();
        List<ReportData.Distribution> distributions = new ArrayList<>();
        for (String key : order(history.keys())) {
            series.put(key, series(history.buckets(key), history.bucketMs()));
            distributions.add(distribution(key, history.total(key)));
        }
        return new ReportData(generator, Instant.now().toString(), run.summary(), run.scenarioYaml(), timeline, stride,
                bucketSeconds, series, heatmap(history), distributions, events.lanes(), events.stepSamples(),
                events.nodeSamples(), events.eventsRead(), trend(run));
    }

    /** The folder's trend.json, or null: a run without history, or one of an older version. */
    private static com.fasterxml.jackson.databind.JsonNode trend(RunFiles run) throws IOException {
        java.nio.file.Path file = run.dir().resolve(io.stampede.results.ResultFolder.TREND);
        return java.nio.file.Files.isRegularFile(file) ? RunFiles.READER.readTree(file.toFile()) : null;
    }

    /** "all steps" and "all ttft" first, then steps, nodes, ttft, each by name. */
    private static List<String> order(List<String> keys) {
        List<String> ordered = new ArrayList<>();
        for (String all : List.of(LatencyHistory.ALL_STEPS, LatencyHistory.ALL_TTFT)) {
            if (keys.contains(all)) {
                ordered.add(all);
            }
        }
        for (String prefix : List.of("step:", "node:", "ttft:")) {
            keys.stream().filter(k -> k.startsWith(prefix)).sorted().forEach(ordered::add);
        }
        keys.stream().filter(k -> !ordered.contains(k)).forEach(ordered::add);
        return ordered;
    }

    private static int thin(Map<String, List<Double>> timeline) {
        int rows = timeline.values().stream().mapToInt(List::size).max().orElse(0);
        int stride = Math.max(1, (rows + MAX_TIMELINE_ROWS - 1) / MAX_TIMELINE_ROWS);
        if (stride > 1) {
            timeline.replaceAll((name, column) -> {
                List<Double> kept = new ArrayList<>();
                for (int i = 0; i < column.size(); i += stride) {
                    kept.add(column.get(i));
                }
                return kept;
            });
        }
        return stride;
    }

    private static ReportData.KeySeries series(TreeMap<Long, AbstractHistogram> buckets, long bucketMs) {
        int n = buckets.size();
        List<Double> t = new ArrayList<>(n);
        List<Long> count = new ArrayList<>(n);
        List<Double> p50 = new ArrayList<>(n);
        List<Double> p95 = new ArrayList<>(n);
        List<Double> p99 = new ArrayList<>(n);
        List<Double> max = new ArrayList<>(n);
        buckets.forEach((bucket, h) -> {
            t.add(bucket * bucketMs / 1000.0);
            count.add(h.getTotalCount());
            p50.add(ms(h.getValueAtPercentile(50)));
            p95.add(ms(h.getValueAtPercentile(95)));
            p99.add(ms(h.getValueAtPercentile(99)));
            max.add(ms(h.getMaxValue()));
        });
        return new ReportData.KeySeries(t, count, p50, p95, p99, max);
    }

    private static ReportData.Heatmap heatmap(LatencyHistory history) {
        Histogram all = history.total(LatencyHistory.ALL_STEPS);
        if (all == null || all.getTotalCount() == 0) {
            return new ReportData.Heatmap(List.of(), List.of(), List.of(), List.of());
        }
        List<Double> upper = bands(all.getMinValue() / 1000.0, all.getMaxValue() / 1000.0);
        TreeMap<Long, AbstractHistogram> buckets = history.buckets(LatencyHistory.ALL_STEPS);
        List<Double> t = new ArrayList<>();
        List<long[]> cells = new ArrayList<>();
        int x = 0;
        for (Map.Entry<Long, AbstractHistogram> bucket : buckets.entrySet()) {
            t.add(bucket.getKey() * history.bucketMs() / 1000.0);
            long[] counts = new long[upper.size()];
            for (HistogramIterationValue v : bucket.getValue().recordedValues()) {
                counts[band(upper, v.getValueIteratedTo() / 1000.0)] += v.getCountAtValueIteratedTo();
            }
            for (int y = 0; y < counts.length; y++) {
                if (counts[y] > 0) {
                    cells.add(new long[] {x, y, counts[y]});
                }
            }
            x++;
        }
        return new ReportData.Heatmap(t, upper.stream().map(ReportModel::label).toList(), upper, cells);
    }

    /** R10 upper bounds from just above {@code minMs} up to the first one at or above {@code maxMs}. */
    static List<Double> bands(double minMs, double maxMs) {
        List<Double> bounds = new ArrayList<>();
        for (int decade = -3; decade <= 7; decade++) {
            for (double r : R10) {
                double bound = Math.round(r * Math.pow(10, decade) * 1e6) / 1e6;
                if (bound > minMs || (bounds.isEmpty() && bound >= minMs)) {
                    bounds.add(bound);
                    if (bound >= maxMs) {
                        return bounds;
                    }
                }
            }
        }
        return bounds;
    }

    private static int band(List<Double> upper, double valueMs) {
        for (int i = 0; i < upper.size(); i++) {
            if (valueMs <= upper.get(i)) {
                return i;
            }
        }
        return upper.size() - 1;
    }

    static String label(double ms) {
        if (ms >= 1000) {
            return "≤ " + trim(ms / 1000) + " s";
        }
        return "≤ " + trim(ms) + " ms";
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(Math.round(v * 1000) / 1000.0);
    }

    private static ReportData.Distribution distribution(String key, Histogram h) {
        List<double[]> rows = new ArrayList<>();
        if (h.getTotalCount() > 0) {
            for (HistogramIterationValue v : h.percentiles(TICKS_PER_HALF_DISTANCE)) {
                rows.add(new double[] {round(v.getPercentileLevelIteratedTo(), 6), ms(v.getValueIteratedTo()),
                        v.getTotalCountToThisValue()});
            }
        }
        return new ReportData.Distribution(key, h.getTotalCount(), round(h.getMean() / 1000.0, 3),
                round(h.getStdDeviation() / 1000.0, 3), ms(h.getMaxValue()), rows);
    }

    /** Microseconds to ms as the summary reports them: the highest equivalent value, 3 decimals. */
    private static double ms(long micros) {
        return round(micros / 1000.0, 3);
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
