package io.stampede.results;

import java.time.Instant;
import java.util.List;

import io.stampede.aggregate.SecondStats;

/** {@code timeseries.csv}: one row per second of the run, all steps together. */
public final class TimeseriesCsv {
    static final String HEADER = Csv.row("second", "time", "users_active", "requests", "errors", "p50_ms", "p90_ms", "p95_ms",
            "p99_ms", "max_ms", "conversations_succeeded", "conversations_failed", "input_tokens", "output_tokens");

    private TimeseriesCsv() {
    }

    public static String render(List<SecondStats> timeline) {
        StringBuilder out = new StringBuilder(HEADER);
        for (SecondStats s : timeline) {
            out.append(Csv.row(s.second(), Instant.ofEpochMilli(s.timeMs()).toString(), s.activeUsers(), s.requests(), s.errors(),
                    s.latency().p50(), s.latency().p90(), s.latency().p95(), s.latency().p99(), s.latency().max(),
                    s.counters().conversationsSucceeded, s.counters().conversationsFailed, s.inputTokens(), s.outputTokens()));
        }
        return out.toString();
    }
}
