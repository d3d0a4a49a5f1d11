package io.stampede.index;

import java.util.List;

/**
 * A scenario's figures across its runs ({@code GET /api/trends}, the dashboard's trend view, the
 * trend section of report.html): oldest run first, one series per metric, each with the band of
 * its baseline runs (the spread, low to high, and the median) when history has them.
 *
 * @param runs     the runs of the trend, oldest first
 * @param baseline the baseline runs the bands come from, or null when there are none
 */
public record Trend(String scenario, List<RunPoint> runs, Baseline baseline, List<Series> series) {

    /** A run on the time axis: its id, when it was created (epoch ms), its verdict and tags. */
    public record RunPoint(String runId, long at, String verdict, List<String> tags) {
    }

    /** The runs the bands come from and how they were chosen; {@code runId}: the one a comparison would take. */
    public record Baseline(String spec, String runId, List<String> runs) {
    }

    /** One metric: its values in the order of {@code runs} (null where a run has none), and its baseline band. */
    public record Series(String metric, String label, String unit, String better, List<Double> values, Band band) {
    }

    /** The baseline runs' spread for one metric. */
    public record Band(double low, double median, double high) {
    }
}
