package io.stampede.index;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Builds a {@link Trend} from the index: the newest {@code limit} runs that match (oldest first
 * on the axis), each requested metric's value per run, and a band from the baseline runs — by
 * default the 5 done runs before the newest one of the trend. {@code steps}, {@code nodes} and
 * {@code checks} expand to every step, node or check the runs have. Blocking (JDBC).
 */
public final class Trends {
    public static final int DEFAULT_RUNS = 30;

    private Trends() {
    }

    /**
     * @param query    which runs (its scenario is required; statuses default to done), newest first, and how many
     * @param metrics  metric names, or empty for the standard set and every check
     * @param baseline which runs make the bands
     */
    public static Trend build(RunIndex index, RunQuery query, List<String> metrics, BaselineSpec baseline) {
        if (query.scenario() == null) {
            throw new IllegalArgumentException("a trend is of one scenario: give scenario=NAME");
        }
        RunQuery q = query.statuses().isEmpty() ? query.withStatuses(List.of("done")) : query;
        List<IndexedRun> runs = new ArrayList<>(index.history(q));
        Collections.reverse(runs);
        List<IndexedRun> window = List.of();
        if (!runs.isEmpty()) {
            RunQuery w = baseline.window(query.scenario(), runs.get(runs.size() - 1).createdAt());
            if (baseline.tags().isEmpty() && baseline.labels().isEmpty() && baseline.scenario() == null) {
                // the default band keeps the trend's own filters: a nightly trend is banded by nightly runs
                w = new RunQuery(query.scenario(), query.tags(), query.labels(), w.statuses(), w.verdicts(), null, w.until(),
                        w.limit(), 0);
            }
            window = index.history(w);
        }
        return assemble(query.scenario(), runs, window, baseline, metrics);
    }

    /**
     * The trend a run's report shows: the done runs of its scenario before it (at most
     * {@code limit} in all), then the run itself, banded by the 5 done runs before it. Empty
     * ({@code runs} holding the run alone) when it has no history.
     *
     * @param run the run as its folder says now (its row may not be written yet)
     */
    public static Trend forRun(RunIndex index, IndexedRun run, int limit) {
        RunQuery before = new RunQuery(run.scenario(), null, null, List.of("done"), null, null, run.createdAt(),
                Math.max(1, limit - 1), 0);
        List<IndexedRun> runs = new ArrayList<>(index.history(before).stream().filter(r -> !r.id().equals(run.id())).toList());
        BaselineSpec baseline = BaselineSpec.defaultWindow();
        List<IndexedRun> window = runs.subList(0, Math.min(baseline.count(), runs.size()));
        window = List.copyOf(window);
        Collections.reverse(runs);
        runs.add(run);
        return assemble(run.scenario(), runs, window, baseline, List.of());
    }

    private static Trend assemble(String scenario, List<IndexedRun> runs, List<IndexedRun> window, BaselineSpec baseline,
                                  List<String> metrics) {
        Trend.Baseline base = null;
        IndexedRun picked = baseline.pick(window);
        if (picked != null) {
            base = new Trend.Baseline(baseline.toString(), picked.id(), window.stream().map(IndexedRun::id).toList());
        }
        List<Trend.Series> series = new ArrayList<>();
        for (TrendMetric m : metrics(metrics, runs)) {
            List<Double> values = runs.stream().map(m.value()).toList();
            List<Double> baseValues = window.stream().map(m.value()).filter(Objects::nonNull).sorted().toList();
            Trend.Band band = baseValues.isEmpty() ? null : new Trend.Band(baseValues.get(0),
                    median(baseValues), baseValues.get(baseValues.size() - 1));
            series.add(new Trend.Series(m.name(), m.label(), m.unit(), m.higherIsBetter() ? "higher" : "lower",
                    values, band));
        }
        List<Trend.RunPoint> points = runs.stream()
                .map(r -> new Trend.RunPoint(r.id(), r.createdAt(), r.verdict(), r.tags())).toList();
        return new Trend(scenario, points, base, series);
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The metrics asked for, with steps, nodes and checks expanded from what the runs have. */
    static List<TrendMetric> metrics(List<String> names, List<IndexedRun> runs) {
        List<String> wanted = new ArrayList<>(names.isEmpty() ? TrendMetric.STANDARD : names);
        if (names.isEmpty()) {
            wanted.add("checks");
        }
        Set<String> expanded = new LinkedHashSet<>();
        for (String name : wanted) {
            switch (name) {
                case "steps" -> runs.forEach(r -> r.keys().stream().filter(k -> k.kind().equals("step"))
                        .forEach(k -> expanded.add("step:" + k.name())));
                case "nodes" -> runs.forEach(r -> r.keys().stream().filter(k -> k.kind().equals("node"))
                        .forEach(k -> expanded.add("node:" + k.name())));
                case "checks" -> runs.forEach(r -> r.checks().forEach(c -> expanded.add("check:" + c.step() + "/" + c.check())));
                default -> expanded.add(name);
            }
        }
        return expanded.stream().map(TrendMetric::of).toList();
    }
}
