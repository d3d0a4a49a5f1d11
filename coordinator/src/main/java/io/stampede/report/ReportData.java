package io.stampede.report;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.stampede.results.Summary;
import io.stampede.wire.NodeEvent;

/**
 * Everything report.html shows, as one JSON document inlined in the page (snake_case, like every
 * result file). Times are seconds since the run's start; latencies milliseconds. The page's
 * script turns it into the same view model the live dashboard builds from the feed.
 *
 * @param timeline      timeseries.csv as columns (second, users_active, requests, errors, p50_ms, …)
 * @param timelineStride 1, or k when a very long run's timeline keeps every k-th second
 * @param bucketSeconds width of the points of {@code series} and {@code heatmap}
 * @param series        per key (step:…, node:…, ttft:…, "all steps"): latency over time from latency.hlog
 * @param trend         the scenario's earlier runs and this one (trend.json, as the run index had them at the
 *                      run's end; trend-views.js draws it), or null when the run has no history
 */
public record ReportData(
        String generator,
        String generatedAt,
        Summary summary,
        String scenarioYaml,
        Map<String, List<Double>> timeline,
        int timelineStride,
        int bucketSeconds,
        Map<String, KeySeries> series,
        Heatmap heatmap,
        List<Distribution> distributions,
        List<EventDigest.Lane> lanes,
        Map<String, List<NodeEvent>> stepSamples,
        Map<String, List<NodeEvent>> nodeSamples,
        long eventsRead,
        JsonNode trend) {

    /** One key's latency per time bucket. */
    public record KeySeries(List<Double> t, List<Long> count, List<Double> p50, List<Double> p95, List<Double> p99,
                            List<Double> max) {
    }

    /**
     * Counts of all steps' latencies per time bucket ({@code t}) and latency band ({@code bands},
     * labels of their upper bounds); {@code cells} are [t index, band index, count], non-zero only.
     */
    public record Heatmap(List<Double> t, List<String> bands, List<Double> bandUpperMs, List<long[]> cells) {
    }

    /**
     * A key's full percentile distribution, as HdrHistogram prints it: rows of
     * [percentile, value ms, count up to the value], ticks halving the distance to 100%.
     */
    public record Distribution(String key, long count, double meanMs, double stdDevMs, double maxMs, List<double[]> rows) {
    }
}
