package io.stampede.results;

import java.util.List;
import java.util.Locale;

import io.stampede.aggregate.SecondStats;
import io.stampede.metrics.KeyStats;
import io.stampede.metrics.MetricKey;
import io.stampede.metrics.MetricsSnapshot;
import io.stampede.metrics.Percentiles;

/**
 * Whether the load generator itself kept up: its event loops' lag (sampled every 50 ms on every
 * lane) and its workers' CPU. A second is <em>behind</em> when its loops were late for a good part
 * of it (the lag's p90 reached {@link #LAG_LIMIT_MS}), stalled for long once (the lag's p99
 * reached {@link #STALL_LIMIT_MS}), or a worker's CPU reached {@link #CPU_LIMIT}: then requests
 * left late, and the latencies of that second hold the generator's own delay, not only the
 * agent's. One short pause (a young collection of a few milliseconds) is seen by one probe per
 * lane, a twentieth of a lane's second: it is in the lag's p99, not in its p90, and not a reason
 * to call the generator behind. When a second is behind in more than {@link #BOTTLENECK_SHARE} of
 * the run's seconds, the generator was the bottleneck, and the summary says so in words.
 */
public final class GeneratorHealth {
    public static final double LAG_LIMIT_MS = 10;
    public static final double STALL_LIMIT_MS = 50;
    public static final double CPU_LIMIT = 0.9;
    static final double BOTTLENECK_SHARE = 0.05;

    private GeneratorHealth() {
    }

    /** True when the generator was behind in {@code second}. */
    public static boolean behind(SecondStats second) {
        Percentiles lag = second.generatorLag();
        return lag != null && (lag.p90() >= LAG_LIMIT_MS || lag.p99() >= STALL_LIMIT_MS) || second.generatorCpu() >= CPU_LIMIT;
    }

    /**
     * The summary's {@code generator}, or null when no lag was sampled (a run that never started).
     * Warm-up seconds are left out: a generator warming up is what the warm-up is for.
     */
    static Summary.Generator of(MetricsSnapshot totals, List<SecondStats> allSeconds) {
        List<SecondStats> timeline = allSeconds.stream().filter(s -> !s.warmup()).toList();
        KeyStats lag = totals.keys().get(MetricKey.GENERATOR_LAG);
        if (lag == null || lag.count() == 0) {
            return null;
        }
        long behind = timeline.stream().filter(GeneratorHealth::behind).count();
        double cpuMax = timeline.stream().mapToDouble(SecondStats::generatorCpu).max().orElse(-1);
        boolean bottleneck = behind > 0 && behind > BOTTLENECK_SHARE * timeline.size();
        Percentiles lagMs = Percentiles.of(lag.latency());
        String verdict = bottleneck
                ? String.format(Locale.ROOT, "the load generator was behind in %d of %d seconds (event-loop lag p99 %.1f ms%s):"
                        + " the latencies of those seconds include its own delay, not only the agent's — add workers or"
                        + " lanes, or lower the load", behind, timeline.size(), lagMs.p99(),
                        cpuMax >= 0 ? String.format(Locale.ROOT, ", CPU up to %.0f%%", cpuMax * 100) : "")
                : null;
        return new Summary.Generator(lagMs, cpuMax < 0 ? null : cpuMax, behind, timeline.size(), bottleneck, verdict);
    }
}
