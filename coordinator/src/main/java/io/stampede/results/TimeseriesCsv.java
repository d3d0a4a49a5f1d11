package io.stampede.results;

import java.time.Instant;
import java.util.List;

import io.stampede.aggregate.SecondStats;

/**
 * {@code timeseries.csv}: one row per second of the run, all steps together; {@code degraded}
 * is 1 in a second that overlaps a degraded time (a worker lost, its users not yet running
 * again elsewhere; summary.json's {@code degraded}); {@code generator_*} say how late the load
 * generator's own event loops were, how busy its busiest worker was, and whether it was behind
 * (see {@link GeneratorHealth}); {@code warmup} is 1 in a second of the warm-up
 * ({@code load.warmup}), which is shown here but not in the summary; {@code conversations_good}
 * the conversations completed in that second that were good, {@code goodput_pct} their share of
 * those judged (empty when none completed).
 */
public final class TimeseriesCsv {
    static final String HEADER = Csv.row("second", "time", "users_active", "requests", "errors", "p50_ms", "p90_ms", "p95_ms",
            "p99_ms", "max_ms", "conversations_succeeded", "conversations_failed", "input_tokens", "output_tokens", "degraded", "generator_lag_p99_ms",
            "generator_cpu", "generator_behind", "warmup", "conversations_good", "goodput_pct");

    private TimeseriesCsv() {
    }

    public static String render(List<SecondStats> timeline, List<Summary.Degraded> degraded) {
        StringBuilder out = new StringBuilder(HEADER);
        for (SecondStats s : timeline) {
            out.append(row(s, degraded(s.timeMs() - 1000, s.timeMs(), degraded)));
        }
        return out.toString();
    }

    /** One second's line. */
    static String row(SecondStats s, boolean degraded) {
        return Csv.row(s.second(), Instant.ofEpochMilli(s.timeMs()).toString(), s.activeUsers(), s.requests(), s.errors(),
                s.latency().p50(), s.latency().p90(), s.latency().p95(), s.latency().p99(), s.latency().max(),
                s.counters().conversationsSucceeded, s.counters().conversationsFailed, s.inputTokens(), s.outputTokens(),
                degraded ? 1 : 0, s.generatorLag() == null ? "" : s.generatorLag().p99(), s.generatorCpu() < 0 ? "" : s.generatorCpu(),
                GeneratorHealth.behind(s) ? 1 : 0, s.warmup() ? 1 : 0, s.good(),
                s.judged() == 0 ? "" : Math.round(100_000.0 * s.good() / s.judged()) / 1000.0);
    }

    /** True when {@code [fromMs, toMs)} overlaps one of the degraded times. */
    static boolean degraded(long fromMs, long toMs, List<Summary.Degraded> degraded) {
        for (Summary.Degraded d : degraded) {
            long start = Instant.parse(d.detectedAt()).toEpochMilli();
            if (start < toMs && start + d.durationMs() > fromMs) {
                return true;
            }
        }
        return false;
    }
}
