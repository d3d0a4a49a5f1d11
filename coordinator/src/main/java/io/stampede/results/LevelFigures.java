package io.stampede.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.HdrHistogram.Histogram;

import io.stampede.aggregate.LoadLevels;
import io.stampede.metrics.KeyStats;
import io.stampede.metrics.Latencies;
import io.stampede.metrics.MetricKey;
import io.stampede.metrics.MetricsSnapshot;
import io.stampede.metrics.Percentiles;
import io.stampede.scenario.Pricing;
import io.stampede.scenario.Scenario;
import io.stampede.scenario.Threshold;
import io.stampede.stats.Wilson;

/**
 * Each load level's figures ({@link Summary.Level}): goodput with its Wilson interval, good
 * conversations per second, every check's pass rate, latency and TTFT percentiles from the level's
 * merged histograms, output tokens per second and cost per good conversation; and the knee: the
 * last level whose goodput held the goal before one that did not — where behaviour broke, which
 * may come before latency grows.
 */
public final class LevelFigures {
    /** The goal when the scenario has no {@code goodput} threshold. */
    public static final double DEFAULT_GOAL_PCT = 95;

    private LevelFigures() {
    }

    public static List<Summary.Level> of(LoadLevels levels, Scenario scenario) {
        List<Summary.Level> out = new ArrayList<>();
        Pricing pricing = scenario.targetPricing();
        for (LoadLevels.Level level : levels.levels()) {
            if (level.seconds() > 0) {
                out.add(level(level, pricing));
            }
        }
        return knee(out, goal(scenario));
    }

    /** The goodput goal: the scenario's {@code goodput} threshold (>= or >), else 95 %. */
    public static double goal(Scenario scenario) {
        return scenario.thresholds().stream()
                .filter(t -> t.measure() == Threshold.Measure.GOODPUT && t.scope() == Threshold.Scope.RUN)
                .filter(t -> t.comparison() == Threshold.Comparison.GE || t.comparison() == Threshold.Comparison.GT)
                .mapToDouble(Threshold::value).findFirst().orElse(DEFAULT_GOAL_PCT);
    }

    private static Summary.Level level(LoadLevels.Level level, Pricing pricing) {
        MetricsSnapshot m = level.merged();
        LoadLevels.Window w = level.window();
        double seconds = level.seconds();
        KeyStats c = m.keys().get(MetricKey.CONVERSATIONS);
        long completed = c == null ? 0 : c.count();
        long good = c == null ? 0 : c.count() - c.errors();
        Wilson ci = Wilson.of(good, completed);
        KeyStats steps = m.allSteps();
        Histogram ttft = Latencies.newHistogram();
        List<Summary.CheckRate> checks = new ArrayList<>();
        m.keys().forEach((k, v) -> {
            if (k.startsWith("ttft:")) {
                ttft.add(v.latency());
            } else if (k.startsWith("check:") && v.count() > 0) {
                String name = MetricKey.parse(k).name();
                int slash = name.lastIndexOf('/');
                checks.add(new Summary.CheckRate(name.substring(0, slash), name.substring(slash + 1), v.count(),
                        round(100.0 * (v.count() - v.errors()) / v.count())));
            }
        });
        Double costPerGood = pricing == null || good == 0 ? null
                : Math.round(pricing.cost(steps.inputTokens(), steps.outputTokens()) / good * 1e6) / 1e6;
        return new Summary.Level(label(w), w.target(), w.unit(), w.fromS(), w.fromS() + seconds, completed, good,
                completed == 0 ? 0 : round(100.0 * good / completed), round(100 * ci.low()), round(100 * ci.high()),
                round(good / seconds), checks, Percentiles.of(steps.latency()),
                ttft.getTotalCount() == 0 ? null : Percentiles.of(ttft), round(steps.outputTokens() / seconds), costPerGood, false);
    }

    /** "40 users", "12.5 arrivals/s". */
    public static String label(LoadLevels.Window w) {
        String n = w.target() == Math.rint(w.target()) ? String.valueOf((long) w.target())
                : String.format(Locale.ROOT, "%.3g", w.target());
        return n + " " + w.unit();
    }

    /** Marks the last level that held {@code goalPct} right before the first that did not (levels in run order). */
    static List<Summary.Level> knee(List<Summary.Level> levels, double goalPct) {
        List<Summary.Level> sorted = new ArrayList<>(levels);
        sorted.sort(java.util.Comparator.comparingDouble(Summary.Level::target));
        int knee = -1;
        for (int i = 0; i + 1 < sorted.size(); i++) {
            if (sorted.get(i).goodput() >= goalPct && sorted.get(i + 1).goodput() < goalPct) {
                knee = i;
                break;
            }
        }
        if (knee < 0) {
            return levels;
        }
        Summary.Level k = sorted.get(knee);
        return levels.stream().map(l -> l == k ? withKnee(l) : l).toList();
    }

    private static Summary.Level withKnee(Summary.Level l) {
        return new Summary.Level(l.load(), l.target(), l.unit(), l.fromS(), l.toS(), l.completed(), l.good(), l.goodput(),
                l.goodputLow(), l.goodputHigh(), l.goodPerSecond(), l.checks(), l.latencyMs(), l.ttftMs(), l.outputTokensPerS(),
                l.costPerGood(), true);
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
