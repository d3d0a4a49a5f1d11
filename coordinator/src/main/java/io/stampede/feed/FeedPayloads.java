package io.stampede.feed;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.stampede.aggregate.SecondStats;
import io.stampede.metrics.Percentiles;
import io.stampede.results.GeneratorHealth;
import io.stampede.results.Summary;
import io.stampede.wire.NodeEvent;

/**
 * The data of each kind of feed event, one record per kind (docs/API.md, "Live feed"),
 * serialized in snake_case. Absent values are left out, not written as null.
 */
public final class FeedPayloads {
    private FeedPayloads() {
    }

    /** {@code status}: the run changed status; when it starts, its instant and number of slices. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Status(String runId, String status, Long startAt, Integer workers, String reason) {
        public static Status of(String runId, String status) {
            return new Status(runId, status, null, null, null);
        }
    }

    /** {@code progress}: about once a second while the run goes; {@code conversationsGood}: good so far. */
    public record Progress(String runId, String status, double elapsedS, double percent, int usersTarget, int usersActive,
                           long usersStarted, long usersFinished, long requests, long errors, long conversationsSucceeded,
                           long conversationsFailed, long rps, double p95Ms, long conversationsGood) {
        /** Before the first tick. */
        public static Progress none(String runId, String status, int usersTarget) {
            return new Progress(runId, status, 0, 0, usersTarget, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
    }

    /**
     * {@code metrics}: one closed second, overall and per key; {@code degraded} when a lost
     * worker's users were not running again yet during it; the load generator's own lag, CPU and
     * whether it was behind; {@code warmup} in a second of the warm-up (not in the summary).
     * {@code tokens} is input plus output.
     */
    public record Metrics(String runId, long second, long timeMs, int usersActive, long requests, long errors,
                          Percentiles latencyMs, long tokens, Map<String, SecondStats.KeyLine> keys, boolean degraded,
                          Double generatorLagP99Ms, Double generatorCpu, boolean generatorBehind, boolean warmup,
                          long inputTokens, long outputTokens) {
        public static Metrics of(String runId, SecondStats second, boolean degraded) {
            return new Metrics(runId, second.second(), second.timeMs(), second.activeUsers(), second.requests(),
                    second.errors(), second.latency(), second.inputTokens() + second.outputTokens(), second.keys(), degraded,
                    second.generatorLag() == null ? null : second.generatorLag().p99(),
                    second.generatorCpu() < 0 ? null : second.generatorCpu(), GeneratorHealth.behind(second),
                    second.warmup(), second.inputTokens(), second.outputTokens());
        }
    }

    /** {@code event}: a bounded sample of node-level events of the last second. */
    public record Events(String runId, List<NodeEvent> events) {
    }

    /** {@code worker}: a worker joined or was lost; for a loss, the policy applied and the users it left. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Worker(String runId, String event, String workerId, long at, String policy, Integer usersUnfinished) {
    }

    /** {@code done}: the run is over; {@code summary} is null when it failed before it started. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Done(String runId, String status, String reason, @JsonInclude(JsonInclude.Include.ALWAYS) Summary summary) {
    }
}
