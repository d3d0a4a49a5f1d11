package io.stampede.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.stampede.metrics.KeyStats;
import io.stampede.metrics.MetricKey;
import io.stampede.metrics.MetricsSnapshot;
import io.stampede.metrics.Percentiles;
import io.stampede.scenario.Pricing;
import io.stampede.stats.PassK;
import io.stampede.stats.Wilson;

/**
 * Goodput and pass^k from a run's merged totals: the verdicts the workers recorded per
 * conversation ({@code conversation:all}) and per task ({@code conversation:pass_k},
 * {@code passk:<step>}). Reads only recorded data.
 */
public final class GoodputFigures {
    private GoodputFigures() {
    }

    /** Null when no conversation was judged (a run of an earlier version, or none completed). */
    public static Summary.Goodput goodput(MetricsSnapshot totals, Pricing pricing, double durationS) {
        KeyStats c = totals.keys().get(MetricKey.CONVERSATIONS);
        if (c == null || c.count() == 0) {
            return null;
        }
        long good = c.count() - c.errors();
        Wilson ci = Wilson.of(good, c.count());
        KeyStats steps = totals.allSteps();
        Double costPerGood = pricing == null || good == 0 ? null
                : round6(pricing.cost(steps.inputTokens(), steps.outputTokens()) / good);
        return new Summary.Goodput(c.count(), good, pct(good, c.count()), round(100 * ci.low()), round(100 * ci.high()),
                durationS > 0 ? round(good / durationS) : 0, costPerGood, Percentiles.of(c.latency()),
                SummaryFailures.of(c));
    }

    /** Null without {@code load.repeat} (or before any task ran whole). */
    public static Summary.PassK passK(MetricsSnapshot totals, int k) {
        KeyStats tasks = totals.keys().get(MetricKey.TASKS);
        if (k <= 1 || tasks == null || tasks.count() == 0) {
            return null;
        }
        List<Summary.PassKStep> steps = new ArrayList<>();
        totals.keys().forEach((name, s) -> {
            if (name.startsWith("passk:") && s.count() > 0) {
                List<Double> curve = curve(s, k);
                steps.add(new Summary.PassKStep(MetricKey.parse(name).name(), s.count(), curve.get(k - 1), curve));
            }
        });
        List<Double> curve = curve(tasks, k);
        return new Summary.PassK(k, tasks.count(), curve.get(k - 1), curve, steps);
    }

    /**
     * pass^1 … pass^k in percent: a task that passed c of its k attempts counts C(c, j) / C(k, j)
     * towards pass^j; tasks that passed all k are those without a failure reason.
     */
    static List<Double> curve(KeyStats tasks, int k) {
        long[] byPassed = new long[k + 1];
        byPassed[k] = tasks.count() - tasks.errors();
        for (Map.Entry<String, Long> e : tasks.failures().entrySet()) {
            for (int c = 0; c < k; c++) {
                if (e.getKey().equals(MetricKey.attemptsPassed(c, k))) {
                    byPassed[c] += e.getValue();
                }
            }
        }
        List<Double> curve = new ArrayList<>(k);
        for (int j = 1; j <= k; j++) {
            double sum = 0;
            for (int c = 0; c <= k; c++) {
                sum += byPassed[c] * PassK.ofTask(c, k, j);
            }
            curve.add(round(100 * sum / tasks.count()));
        }
        return curve;
    }

    private static double pct(long part, long whole) {
        return whole == 0 ? 0 : round(100.0 * part / whole);
    }

    static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    private static double round6(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
