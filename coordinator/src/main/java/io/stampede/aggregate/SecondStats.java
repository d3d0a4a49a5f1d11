package io.stampede.aggregate;

import java.util.LinkedHashMap;
import java.util.Map;

import io.stampede.metrics.Counters;
import io.stampede.metrics.KeyStats;
import io.stampede.metrics.MetricKey;
import io.stampede.metrics.MetricsSnapshot;
import io.stampede.metrics.Percentiles;

/**
 * One closed second of a run, reduced to numbers: overall and per key counts, errors, tokens
 * and percentiles (each read from that second's merged histogram). Histograms are dropped once
 * a second closes, so a long run costs a few numbers per second, not histograms.
 *
 * @param second       seconds since the run's start (0-based)
 * @param activeUsers  users running at the end of the second, all workers together
 * @param generatorCpu the busiest worker's CPU at the second's close (share of its cores, 0–1; -1 unknown)
 * @param warmup       a second of the warm-up ({@code load.warmup}): shown, not in the measured figures
 */
public record SecondStats(
        long second,
        long timeMs,
        int activeUsers,
        long requests,
        long errors,
        long inputTokens,
        long outputTokens,
        Percentiles latency,
        Counters counters,
        Map<String, KeyLine> keys,
        double generatorCpu,
        boolean warmup) {

    /** One key in one second. */
    public record KeyLine(long count, long errors, long tokens, Percentiles latency) {
    }

    /** The load generator's event-loop lag in this second, from the lanes' probes; null when none was taken. */
    public Percentiles generatorLag() {
        KeyLine lag = keys.get(MetricKey.GENERATOR_LAG);
        return lag == null ? null : lag.latency();
    }

    /** Conversations completed in this second and judged (good or not); 0 when none. */
    public long judged() {
        KeyLine c = keys.get(MetricKey.CONVERSATIONS);
        return c == null ? 0 : c.count();
    }

    /** Good conversations completed in this second: every check passed, every objective held. */
    public long good() {
        KeyLine c = keys.get(MetricKey.CONVERSATIONS);
        return c == null ? 0 : c.count() - c.errors();
    }

    /** The second's figures from its merged snapshot; {@code steps} is emptied and used to merge its steps in. */
    static SecondStats of(long second, long timeMs, int activeUsers, MetricsSnapshot merged, KeyStats steps,
                          double generatorCpu, boolean warmup) {
        KeyStats all = merged.allSteps(steps);
        Map<String, KeyLine> keys = new LinkedHashMap<>();
        merged.keys().forEach((name, s) -> {
            // Checks and tasks of repeated conversations are run totals, not a second's figures.
            if (s.count() > 0 && !name.startsWith("check:") && !name.startsWith("passk:") && !name.equals(MetricKey.TASKS)) {
                keys.put(name, new KeyLine(s.count(), s.errors(), s.inputTokens() + s.outputTokens(), Percentiles.of(s.latency())));
            }
        });
        return new SecondStats(second, timeMs, activeUsers, all.count(), all.errors(), all.inputTokens(), all.outputTokens(),
                Percentiles.of(all.latency()), merged.counters().copy(), keys, generatorCpu,
                warmup);
    }
}
