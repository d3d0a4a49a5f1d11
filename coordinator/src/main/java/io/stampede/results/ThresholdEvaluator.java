package io.stampede.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.HdrHistogram.Histogram;

import io.stampede.metrics.KeyStats;
import io.stampede.metrics.Latencies;
import io.stampede.metrics.MetricKey;
import io.stampede.metrics.MetricsSnapshot;
import io.stampede.metrics.Percentiles;
import io.stampede.scenario.Pricing;
import io.stampede.scenario.Scenario;
import io.stampede.scenario.Threshold;

/**
 * Decides the scenario's thresholds on a run's merged totals. Percentiles come from the merged
 * histograms, never from averaged percentiles. A threshold on something that was never measured
 * (a node that never appeared) fails and says so.
 */
public final class ThresholdEvaluator {
    private final Scenario scenario;
    private final MetricsSnapshot totals;
    private final double durationS;

    public ThresholdEvaluator(Scenario scenario, MetricsSnapshot totals, double durationS) {
        this.scenario = scenario;
        this.totals = totals;
        this.durationS = durationS;
    }

    public List<Summary.ThresholdResult> evaluate() {
        List<Summary.ThresholdResult> results = new ArrayList<>();
        for (Threshold t : scenario.thresholds()) {
            Double actual = actual(t);
            String expression = t.expression();
            if (actual == null || actual.isNaN()) {
                results.add(new Summary.ThresholdResult(t.metric(), expression, null, t.value(), false,
                        "nothing was measured for " + t.metric(), t.comparison().symbol(), unit(t)));
            } else {
                boolean passed = t.holds(actual);
                results.add(new Summary.ThresholdResult(t.metric(), expression, round(actual), t.value(), passed,
                        String.format(Locale.ROOT, "%s is %s%s, limit %s %s%s: %s", t.metric(), format(actual), unit(t),
                                t.comparison().symbol(), format(t.value()), unit(t), passed ? "holds" : "FAILED"),
                        t.comparison().symbol(), unit(t)));
            }
        }
        return results;
    }

    private Double actual(Threshold t) {
        return switch (t.scope()) {
            case RUN -> runMeasure(t);
            case STEP -> keyMeasure(t, totals.keys().get(MetricKey.step(t.subject())),
                    totals.keys().get(streamKeyPrefix(t.measure()) + t.subject()));
            case NODE -> keyMeasure(t, totals.keys().get(MetricKey.node(t.subject())), null);
            case GENERATOR -> keyMeasure(t, totals.keys().get(MetricKey.GENERATOR_LAG), null);
        };
    }

    private Double runMeasure(Threshold t) {
        long succeeded = totals.counters().conversationsSucceeded;
        long completed = totals.counters().conversationsCompleted();
        KeyStats steps = totals.allSteps();
        return switch (t.measure()) {
            case SUCCESS_RATE -> completed == 0 ? null : 100.0 * succeeded / completed;
            case ERROR_RATE -> completed == 0 ? null : 100.0 * (completed - succeeded) / completed;
            case LATENCY -> steps.count() == 0 ? null : Percentiles.at(steps.latency(), t.percentile());
            case TTFT, TTFO, ITL, TPOT -> {
                String prefix = streamKeyPrefix(t.measure());
                Histogram all = Latencies.newHistogram();
                totals.keys().forEach((k, v) -> {
                    if (k.startsWith(prefix)) {
                        all.add(v.latency());
                    }
                });
                yield all.getTotalCount() == 0 ? null : Percentiles.at(all, t.percentile());
            }
            case TOKENS_PER_CONVERSATION -> completed == 0 ? null : (double) (steps.inputTokens() + steps.outputTokens()) / completed;
            case COST_PER_CONVERSATION -> completed == 0 ? null : cost(steps) == null ? null : cost(steps) / completed;
            case TOTAL_COST -> cost(steps);
            case RPS -> durationS <= 0 ? null : steps.count() / durationS;
            case GOODPUT, GOODPUT_RATE, COST_PER_GOOD_CONVERSATION -> goodput(t.measure(), steps);
        };
    }

    /** Goodput in percent, good conversations per second, or cost per good conversation; null when not measured. */
    private Double goodput(Threshold.Measure measure, KeyStats steps) {
        KeyStats c = totals.keys().get(MetricKey.CONVERSATIONS);
        if (c == null || c.count() == 0) {
            return null;
        }
        long good = c.count() - c.errors();
        return switch (measure) {
            case GOODPUT -> 100.0 * good / c.count();
            case GOODPUT_RATE -> durationS <= 0 ? null : good / durationS;
            default -> good == 0 || cost(steps) == null ? null : cost(steps) / good;
        };
    }

    /** The metric-key prefix of a streaming measure ({@code ttft:}, {@code itl:}…), or a prefix no key has. */
    private static String streamKeyPrefix(Threshold.Measure measure) {
        return switch (measure) {
            case TTFT, TTFO, ITL, TPOT -> measure.name().toLowerCase(Locale.ROOT) + ":";
            default -> "\0";
        };
    }

    private static boolean isStreamMeasure(Threshold.Measure measure) {
        return !streamKeyPrefix(measure).equals("\0");
    }

    private static Double keyMeasure(Threshold t, KeyStats stats, KeyStats stream) {
        if (isStreamMeasure(t.measure())) {
            return stream == null || stream.count() == 0 ? null : Percentiles.at(stream.latency(), t.percentile());
        }
        if (stats == null || stats.count() == 0) {
            return null;
        }
        return switch (t.measure()) {
            case SUCCESS_RATE -> 100.0 * (stats.count() - stats.errors()) / stats.count();
            case ERROR_RATE -> 100.0 * stats.errors() / stats.count();
            case LATENCY -> Percentiles.at(stats.latency(), t.percentile());
            default -> null;
        };
    }

    /** Cost of the tokens with the target model's pricing, or null without pricing. */
    private Double cost(KeyStats steps) {
        Pricing pricing = Pricings.of(scenario);
        return pricing == null ? null : pricing.cost(steps.inputTokens(), steps.outputTokens());
    }

    private static String unit(Threshold t) {
        return switch (t.measure()) {
            case LATENCY, TTFT, TTFO, ITL, TPOT -> "ms";
            case SUCCESS_RATE, ERROR_RATE, GOODPUT -> "%";
            default -> "";
        };
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    private static String format(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.3f", v);
    }
}
