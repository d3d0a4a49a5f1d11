package io.stampede.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.stampede.scenario.Threshold.Comparison;
import io.stampede.scenario.Threshold.Measure;
import io.stampede.scenario.Threshold.Scope;
import io.stampede.time.Durations;

/**
 * Reads {@code thresholds:} ({@code metric: "<op> <value>"}) into {@link Threshold}s.
 *
 * <p>Metric grammar: run scope {@code success_rate}, {@code error_rate}, {@code pNN_latency},
 * {@code max_latency}, {@code ttft.pNN}, {@code ttft.max} (likewise {@code ttfo}, {@code itl}, {@code tpot}),
 * {@code tokens_per_conversation},
 * {@code cost_per_conversation}, {@code total_cost}, {@code rps}; step scope
 * {@code step.<name>.<measure>} (success_rate, error_rate, latencies, ttft/ttfo/itl/tpot; the name may
 * contain dots, so the measure is matched from the end); node scope
 * {@code node.<name>.<pNN_latency|max_latency|success_rate|error_rate>}. {@code pNN} is a
 * percentile: p50, p95, p99.9; p999 means p99.9. Latencies need a unit and are kept in
 * milliseconds, rates need % and are kept in percent.
 */
final class ThresholdParser {
    private static final String PCT = "p[0-9]+(?:\\.[0-9]+)?";
    private static final String LATENCY = PCT + "_latency|max_latency";
    /** Streamed turns: time to first token, to first visible token, inter-token latency, time per output token. */
    private static final String TTFT = "(?:ttft|ttfo|itl|tpot)\\.(?:" + PCT + "|max)";
    private static final String RATE = "success_rate|error_rate";
    private static final Pattern RUN = Pattern.compile(RATE + "|" + LATENCY + "|" + TTFT
            + "|tokens_per_conversation|cost_per_conversation|total_cost|rps|goodput|goodput_rate|cost_per_good_conversation");
    private static final Pattern STEP = Pattern.compile("step\\.(.+)\\.(" + RATE + "|" + LATENCY + "|" + TTFT + ")");
    private static final Pattern NODE = Pattern.compile("node\\.(.+)\\.(" + RATE + "|" + LATENCY + ")");
    /** The load generator's own event-loop lag: {@code generator.lag_p99}, {@code generator.lag_max}. */
    private static final Pattern GENERATOR = Pattern.compile("generator\\.lag_(" + PCT + "|max)");
    private static final Pattern VALUE = Pattern.compile("\\s*(<=|>=|==|<|>)\\s*(\\S.*?)\\s*");
    private static final Pattern NUMBER = Pattern.compile("[0-9]+(?:\\.[0-9]+)?");
    private static final List<String> RUN_METRICS = List.of("success_rate", "error_rate", "p50_latency", "p90_latency",
            "p95_latency", "p99_latency", "p99.9_latency", "max_latency", "ttft.p95", "ttft.max", "ttfo.p95", "itl.p95",
            "tpot.p95", "tokens_per_conversation",
            "cost_per_conversation", "total_cost", "rps", "goodput", "goodput_rate", "cost_per_good_conversation",
            "step.<name>.p95_latency", "node.<name>.p95_latency",
            "generator.lag_p99", "generator.lag_max");

    private record Metric(Scope scope, String subject, Measure measure, double percentile) {
    }

    private final NodeReader reader;

    ThresholdParser(NodeReader reader) {
        this.reader = reader;
    }

    List<Threshold> read(YamlNode node, String path, List<Step> steps) {
        YamlNode.Mapping map = reader.anyMapping(node, path, "{ p95_latency: \"< 2s\", success_rate: \">= 99%\" }");
        if (map == null) {
            return List.of();
        }
        List<Threshold> out = new ArrayList<>();
        for (YamlNode.Entry e : map.entries()) {
            String entryPath = NodeReader.child(path, e.name());
            Metric metric = metric(e, entryPath, steps);
            Threshold t = metric == null ? null : value(e, entryPath, metric);
            if (t != null) {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }

    private Metric metric(YamlNode.Entry e, String path, List<Step> steps) {
        String name = e.name();
        try {
            Matcher m;
            if ((m = STEP.matcher(name)).matches()) {
                String step = m.group(1);
                checkStep(step, steps);
                return measured(Scope.STEP, step, m.group(2));
            }
            if ((m = NODE.matcher(name)).matches()) {
                return measured(Scope.NODE, m.group(1), m.group(2));
            }
            if (RUN.matcher(name).matches()) {
                return measured(Scope.RUN, null, name);
            }
            if ((m = GENERATOR.matcher(name)).matches()) {
                return new Metric(Scope.GENERATOR, "lag", Measure.LATENCY,
                        m.group(1).equals("max") ? 100 : percentile(m.group(1)));
            }
            if (name.startsWith("generator.")) {
                throw new IllegalArgumentException("'" + name + "' is not a measure of the load generator: write"
                        + " generator.lag_p99 or generator.lag_max (its event loops' lag)");
            }
            if (name.startsWith("step.") || name.startsWith("node.")) {
                String kind = name.substring(0, 4);
                throw new IllegalArgumentException("'" + name + "' does not end with a " + kind + " measure: write e.g. "
                        + kind + ".<name>.p95_latency, " + kind + ".<name>.error_rate"
                        + (kind.equals("step") ? " or step.<name>.ttft.p95" : ""));
            }
            throw new IllegalArgumentException("unknown metric '" + name + "': "
                    + DidYouMean.hint(name, RUN_METRICS, "metrics are"));
        } catch (IllegalArgumentException ex) {
            reader.error(e.key(), path, ex.getMessage());
            return null;
        }
    }

    private static void checkStep(String name, List<Step> steps) {
        for (Step s : steps) {
            if (s.name().equals(name)) {
                if (!s.isMeasured()) {
                    throw new IllegalArgumentException("step '" + name + "' is not measured (wait and assert steps have no latency"
                            + " or success rate): name a send, request or call_tool step");
                }
                return;
            }
        }
        List<String> names = steps.stream().filter(Step::isMeasured).map(Step::name).toList();
        throw new IllegalArgumentException("no step named '" + name + "': " + DidYouMean.hint(name, names, "steps are"));
    }

    private static Metric measured(Scope scope, String subject, String measure) {
        return switch (measure) {
            case "success_rate" -> new Metric(scope, subject, Measure.SUCCESS_RATE, 0);
            case "error_rate" -> new Metric(scope, subject, Measure.ERROR_RATE, 0);
            case "max_latency" -> new Metric(scope, subject, Measure.LATENCY, 100);
            case "tokens_per_conversation" -> new Metric(scope, subject, Measure.TOKENS_PER_CONVERSATION, 0);
            case "cost_per_conversation" -> new Metric(scope, subject, Measure.COST_PER_CONVERSATION, 0);
            case "total_cost" -> new Metric(scope, subject, Measure.TOTAL_COST, 0);
            case "rps" -> new Metric(scope, subject, Measure.RPS, 0);
            case "goodput" -> new Metric(scope, subject, Measure.GOODPUT, 0);
            case "goodput_rate" -> new Metric(scope, subject, Measure.GOODPUT_RATE, 0);
            case "cost_per_good_conversation" -> new Metric(scope, subject, Measure.COST_PER_GOOD_CONVERSATION, 0);
            default -> measure.matches("(ttft|ttfo|itl|tpot)\\..*")
                    ? new Metric(scope, subject, Measure.valueOf(measure.substring(0, measure.indexOf('.')).toUpperCase(java.util.Locale.ROOT)),
                            measure.endsWith(".max") ? 100 : percentile(measure.substring(measure.indexOf('.') + 1)))
                    : new Metric(scope, subject, Measure.LATENCY, percentile(measure.substring(0, measure.indexOf("_latency"))));
        };
    }

    /** {@code p95} → 95, {@code p99.9} → 99.9, {@code p999} → 99.9, {@code p9999} → 99.99. */
    static double percentile(String p) {
        String digits = p.substring(1);
        double value = Double.parseDouble(digits);
        if (digits.indexOf('.') < 0 && value > 100 && digits.startsWith("99")) {
            value = Double.parseDouble("99." + digits.substring(2));
        }
        if (value <= 0 || value > 100) {
            throw new IllegalArgumentException("'" + p + "' is not a percentile: write p50, p95, p99, p99.9 (or p999)");
        }
        return value;
    }

    private Threshold value(YamlNode.Entry e, String path, Metric metric) {
        YamlNode node = e.value();
        if (!(node instanceof YamlNode.Scalar s) || !(s.value() instanceof String text)) {
            reader.error(node, path, "write a comparison in quotes, e.g. " + e.name() + ": \"" + example(metric.measure()) + "\"");
            return null;
        }
        Matcher m = VALUE.matcher(text);
        if (!m.matches()) {
            reader.error(node, path, "'" + text + "' is not a comparison: write an operator (<, <=, >, >=, ==) and a value, e.g. \""
                    + example(metric.measure()) + "\"");
            return null;
        }
        Comparison op = comparison(m.group(1));
        String valueText = m.group(2);
        try {
            double value = number(metric.measure(), valueText);
            return new Threshold(e.name(), metric.scope(), metric.subject(), metric.measure(), metric.percentile(), op, value,
                    e.name() + " " + op.symbol() + " " + valueText, e.key().position());
        } catch (IllegalArgumentException ex) {
            reader.error(node, path, ex.getMessage());
            return null;
        }
    }

    private static double number(Measure measure, String text) {
        switch (measure) {
            case LATENCY, TTFT, TTFO, ITL, TPOT -> {
                if (NUMBER.matcher(text).matches()) {
                    throw new IllegalArgumentException("'" + text + "' has no unit: write e.g. " + text + "ms or " + text + "s");
                }
                Duration d = Durations.parse(text);
                return d.toNanos() / 1_000_000.0;
            }
            case SUCCESS_RATE, ERROR_RATE, GOODPUT -> {
                String number = text.endsWith("%") ? text.substring(0, text.length() - 1).strip() : null;
                if (number == null || !NUMBER.matcher(number).matches()) {
                    throw new IllegalArgumentException("'" + text + "' is not a percentage: write e.g. 99% or 99.5%");
                }
                double value = Double.parseDouble(number);
                if (value > 100) {
                    throw new IllegalArgumentException("'" + text + "' is over 100%");
                }
                return value;
            }
            default -> {
                if (!NUMBER.matcher(text).matches()) {
                    throw new IllegalArgumentException("'" + text + "' is not a number: write e.g. 4000 or 0.05");
                }
                return Double.parseDouble(text);
            }
        }
    }

    private static Comparison comparison(String symbol) {
        for (Comparison c : Comparison.values()) {
            if (c.symbol().equals(symbol)) {
                return c;
            }
        }
        throw new IllegalStateException(symbol);
    }

    private static String example(Measure measure) {
        return Map.of(Measure.LATENCY, "< 2s", Measure.TTFT, "< 800ms", Measure.TTFO, "< 1s", Measure.ITL, "< 50ms",
                Measure.TPOT, "< 50ms", Measure.SUCCESS_RATE, ">= 99%", Measure.ERROR_RATE, "< 1%", Measure.GOODPUT, ">= 95%").getOrDefault(measure, "< 4000");
    }
}
