package io.stampede.results;

import io.stampede.metrics.Percentiles;

/**
 * {@code stats.csv}: a row for the whole run, then one per step and one per node; then, when
 * conversations were judged, {@code conversation,good}: completed conversations, those not good as
 * errors, goodput as the success rate, time to resolution as the latency, their tokens; and one
 * {@code not_good} row per reason with its count.
 */
public final class StatsCsv {
    static final String HEADER = Csv.row("type", "name", "count", "errors", "success_rate", "min_ms", "mean_ms", "p50_ms",
            "p90_ms", "p95_ms", "p99_ms", "p999_ms", "max_ms", "input_tokens", "output_tokens", "ttft_p50_ms", "ttft_p95_ms",
            "ttft_p99_ms");

    private StatsCsv() {
    }

    public static String render(Summary s) {
        StringBuilder out = new StringBuilder(HEADER);
        out.append(line("run", "all", s.requests().count(), s.requests().errors(), 100 - s.requests().errorRate(), s.latencyMs(),
                s.tokens().input(), s.tokens().output(), s.ttftMs()));
        for (Summary.StepLine step : s.steps()) {
            out.append(line("step", step.name(), step.count(), step.errors(), step.successRate(), step.latencyMs(),
                    step.inputTokens(), step.outputTokens(), step.ttftMs()));
        }
        for (Summary.NodeLine node : s.nodes()) {
            out.append(line("node", node.name(), node.count(), node.errors(), node.successRate(), node.latencyMs(),
                    null, node.tokens(), null));
        }
        Summary.Goodput g = s.goodput();
        if (g != null) {
            out.append(line("conversation", "good", g.completed(), g.completed() - g.good(), g.share(), g.timeToResolutionMs(),
                    null, null, null));
            for (Summary.Failure f : g.reasons()) {
                out.append(line("not_good", f.reason(), f.count(), f.count(), 0, null, null, null, null));
            }
        }
        return out.toString();
    }

    private static String line(String type, String name, long count, long errors, double rate, Percentiles p, Long in,
                               Long out, Percentiles ttft) {
        Object[] latency = p == null ? new Object[8]
                : new Object[] {p.min(), p.mean(), p.p50(), p.p90(), p.p95(), p.p99(), p.p999(), p.max()};
        return Csv.row(type, name, count, errors, rate, latency[0], latency[1], latency[2], latency[3], latency[4], latency[5],
                latency[6], latency[7], in, out, ttft == null ? null : ttft.p50(), ttft == null ? null : ttft.p95(),
                ttft == null ? null : ttft.p99());
    }
}
