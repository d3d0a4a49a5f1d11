package io.stampede.index;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A figure a trend follows across runs. The run's own: {@code p50}, {@code p95}, {@code p99},
 * {@code ttft_p95} (ms), {@code success_rate}, {@code goodput} (%), {@code rps},
 * {@code tokens_per_conversation}, {@code cost_per_conversation}; one step's or node's p95:
 * {@code step:NAME}, {@code node:NAME}; one check's pass rate: {@code check:STEP/CHECK}.
 */
public record TrendMetric(String name, String label, String unit, boolean higherIsBetter,
                          Function<IndexedRun, Double> value) {
    /** What a trend view shows when asked for nothing in particular (then each check's pass rate). */
    public static final List<String> STANDARD = List.of("p95", "ttft_p95", "success_rate", "goodput",
            "tokens_per_conversation", "cost_per_conversation");
    /** Every run-level metric, for messages. */
    static final List<String> RUN_LEVEL = List.of("p50", "p95", "p99", "ttft_p95", "success_rate", "goodput", "rps",
            "tokens_per_conversation", "cost_per_conversation");

    /** @throws IllegalArgumentException naming the metrics there are */
    public static TrendMetric of(String name) {
        return switch (name) {
            case "p50" -> new TrendMetric(name, "p50 latency", "ms", false, IndexedRun::p50Ms);
            case "p95" -> new TrendMetric(name, "p95 latency", "ms", false, IndexedRun::p95Ms);
            case "p99" -> new TrendMetric(name, "p99 latency", "ms", false, IndexedRun::p99Ms);
            case "ttft_p95" -> new TrendMetric(name, "p95 time to first token", "ms", false, IndexedRun::ttftP95Ms);
            case "success_rate" -> new TrendMetric(name, "conversation success rate", "%", true, IndexedRun::successRate);
            case "goodput" -> new TrendMetric(name, "goodput", "%", true, IndexedRun::goodput);
            case "rps" -> new TrendMetric(name, "requests per second", "/s", true, IndexedRun::rps);
            case "tokens_per_conversation" -> new TrendMetric(name, "tokens per conversation", "tokens", false,
                    IndexedRun::tokensPerConversation);
            case "cost_per_conversation" -> new TrendMetric(name, "cost per conversation", "cost", false,
                    IndexedRun::costPerConversation);
            default -> keyed(name);
        };
    }

    private static TrendMetric keyed(String name) {
        if (name.startsWith("step:") || name.startsWith("node:")) {
            String kind = name.substring(0, 4);
            String key = name.substring(5);
            return new TrendMetric(name, kind + " " + key + " p95", "ms", false, run -> run.keys().stream()
                    .filter(k -> k.kind().equals(kind) && k.name().equals(key)).map(IndexedRun.KeyFigures::p95Ms)
                    .filter(Objects::nonNull).findFirst().orElse(null));
        }
        if (name.startsWith("check:") && name.indexOf('/', 6) > 6) {
            int slash = name.lastIndexOf('/');
            String step = name.substring(6, slash);
            String check = name.substring(slash + 1);
            return new TrendMetric(name, step + " " + check + " pass rate", "%", true, run -> run.checks().stream()
                    .filter(c -> c.step().equals(step) && c.check().equals(check)).map(IndexedRun.CheckFigures::passRate)
                    .filter(Objects::nonNull).findFirst().orElse(null));
        }
        throw new IllegalArgumentException("unknown metric '" + name + "': metrics are " + String.join(", ", RUN_LEVEL)
                + ", step:NAME, node:NAME, check:STEP/CHECK, or steps, nodes, checks for all of a kind");
    }
}
