package io.stampede.results;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.stampede.metrics.Percentiles;

/**
 * The final numbers of a run, as written to {@code summary.json} (snake_case) and sent in the
 * feed's {@code done} event. Latencies are milliseconds read from merged HdrHistograms; rates
 * are percent. Fields that do not apply are null (e.g. {@code ttft_ms} for a run without
 * streaming, {@code cost} without pricing).
 */
public record Summary(
        String runId,
        String scenario,
        String status,
        String reason,
        String startedAt,
        String endedAt,
        double durationS,
        double warmupS,
        Users users,
        Arrivals arrivals,
        Conversations conversations,
        double successRate,
        Requests requests,
        Percentiles latencyMs,
        Percentiles ttftMs,
        List<StepLine> steps,
        List<NodeLine> nodes,
        List<CheckLine> checks,
        Tokens tokens,
        Cost cost,
        List<ThresholdResult> thresholds,
        boolean thresholdsPassed,
        List<WorkerLine> workers,
        List<Degraded> degraded,
        List<Joined> joined,
        Generator generator,
        long maxClockSkewMs,
        List<String> notes,
        Goodput goodput,
        PassK passK,
        List<Level> levels,
        Helper simulator,
        Helper judge) {

    /** Without goodput, pass^k, levels or the figures of helper models. */
    public Summary(String runId, String scenario, String status, String reason, String startedAt, String endedAt, double durationS,
                   double warmupS, Users users, Arrivals arrivals, Conversations conversations, double successRate, Requests requests,
                   Percentiles latencyMs, Percentiles ttftMs, List<StepLine> steps, List<NodeLine> nodes, List<CheckLine> checks,
                   Tokens tokens, Cost cost, List<ThresholdResult> thresholds, boolean thresholdsPassed, List<WorkerLine> workers,
                   List<Degraded> degraded, Generator generator, long maxClockSkewMs, List<String> notes) {
        this(runId, scenario, status, reason, startedAt, endedAt, durationS, warmupS, users, arrivals, conversations, successRate,
                requests, latencyMs, ttftMs, steps, nodes, checks, tokens, cost, thresholds, thresholdsPassed, workers, degraded,
                List.of(), generator, maxClockSkewMs, notes, null, null, null, null, null);
    }

    /** Without the figures of helper models (no simulated user, no judge). */
    public Summary(String runId, String scenario, String status, String reason, String startedAt, String endedAt, double durationS,
                   double warmupS, Users users, Arrivals arrivals, Conversations conversations, double successRate, Requests requests,
                   Percentiles latencyMs, Percentiles ttftMs, List<StepLine> steps, List<NodeLine> nodes, List<CheckLine> checks,
                   Tokens tokens, Cost cost, List<ThresholdResult> thresholds, boolean thresholdsPassed, List<WorkerLine> workers,
                   List<Degraded> degraded, Generator generator, long maxClockSkewMs, List<String> notes, Goodput goodput,
                   PassK passK, List<Level> levels) {
        this(runId, scenario, status, reason, startedAt, endedAt, durationS, warmupS, users, arrivals, conversations, successRate,
                requests, latencyMs, ttftMs, steps, nodes, checks, tokens, cost, thresholds, thresholdsPassed, workers, degraded,
                List.of(), generator, maxClockSkewMs, notes, goodput, passK, levels, null, null);
    }

    /**
     * A model Stampede itself called — the simulated user, the LLM judge — measured apart from the
     * agent (none of it is in the agent's latency, tokens or cost): its calls and failures, their
     * latency, how long calls waited for its concurrency limit ({@code waitMs}: its lag; a growing
     * wait says the helper, not the agent, set the pace), its tokens and cost (by {@code pricing}
     * of its model), and for the judge, verdicts taken from the cache.
     */
    public record Helper(String model, long calls, long errors, Percentiles latencyMs, Percentiles waitMs, long inputTokens,
                         long outputTokens, Double cost, List<Failure> failures, Long cached) {
    }

    /**
     * Conversations judged on the worker: good when every check passed and every objective of
     * {@code slo:} held (without {@code slo:}, when every check passed). {@code share} is
     * good / completed in percent with its 95 % Wilson interval ({@code shareLow}..{@code shareHigh});
     * {@code perSecond} good conversations per second of the run; {@code costPerGood} the run's whole
     * cost over its good conversations (null without pricing or with none good);
     * {@code timeToResolutionMs}: first send to last answer, per completed conversation;
     * {@code reasons}: why the others were not good, the first cause of each.
     */
    public record Goodput(long completed, long good, double share, double shareLow, double shareHigh, double perSecond,
                          Double costPerGood, Percentiles timeToResolutionMs, List<Failure> reasons) {
    }

    /**
     * {@code load.repeat: k}: tasks of k attempts that ran whole; {@code passK} the percent whose k
     * attempts were all good; {@code curve} pass^1 … pass^k in percent (τ-bench's estimate); per
     * step the same for the step passing all its attempts.
     */
    public record PassK(int k, long tasks, double passK, List<Double> curve, List<PassKStep> steps) {
    }

    public record PassKStep(String step, long tasks, double passK, List<Double> curve) {
    }

    /**
     * One load level of a run with stages or a capacity search's level run: its figures over
     * {@code fromS}..{@code toS} (seconds after the start, warm-up excluded), with {@code target}
     * the users or arrivals/s it held ({@code unit}). {@code knee}: the level after which goodput
     * no longer held (see docs/REPORTS.md, "Quality against load").
     */
    public record Level(String load, double target, String unit, double fromS, double toS, long completed, long good,
                        double goodput, double goodputLow, double goodputHigh, double goodPerSecond,
                        List<CheckRate> checks, Percentiles latencyMs, Percentiles ttftMs, double outputTokensPerS,
                        Double costPerGood, boolean knee) {
    }

    /** A check's pass rate in one level. */
    public record CheckRate(String step, String check, long count, double passRate) {
    }

    /** The run's {@link Verdict}, written into summary.json for every reader; decided from the rest, never read back. */
    @JsonProperty(value = "verdict", access = JsonProperty.Access.READ_ONLY)
    public Verdict verdict() {
        return Verdict.of(this);
    }

    /**
     * Users that started (each counted once, wherever it ran), that finished, and that were lost:
     * left unfinished by a lost worker and run by nobody else (a lost worker's users whose start
     * it never got to report count as lost, not as started).
     */
    public record Users(int target, long started, long finished, long lost) {
    }

    /**
     * Open model: arrivals the profile planned, started, dropped (over {@code max_users}) and late
     * (started over 10 ms after their time; their latency still counts from that time), and the
     * most users running at once (the highest of the per-second counts; at most {@code max_users}).
     */
    public record Arrivals(long planned, long started, long dropped, long late, int usersActiveMax, int maxUsers) {
    }

    /**
     * Every conversation begun has one outcome: {@code started = succeeded + failed + interrupted
     * + lost}. Interrupted: the run ended (graceful stop, abort) before it could finish. Lost: its
     * worker was lost while it ran. {@code restarted}: how many of the lost were begun again, from
     * their first turn and under a new conversation id, by the worker that took their users over.
     */
    public record Conversations(long started, long succeeded, long failed, long interrupted, long lost, long restarted) {
    }

    /**
     * The load generator's own health: its event loops' lag (ms, from every lane's 50 ms probe,
     * merged), the busiest worker's CPU (share of its cores, 0–1), how many of the run's seconds
     * it was behind (lag p90 ≥ 10 ms, lag p99 ≥ 50 ms or CPU ≥ 90 %), and whether that made it the bottleneck
     * (more than 5 % of the seconds), with {@code verdict} saying so in words.
     */
    public record Generator(Percentiles lagMs, Double cpuMax, long secondsBehind, long seconds, boolean bottleneck,
                            String verdict) {
    }

    /**
     * A time the run was degraded: from the loss of a worker being detected until its users ran
     * again elsewhere ({@code recoveredAt}; null when they never did: policy continue, no other
     * worker, or the load was over), how many conversations the loss cut and users it handed over.
     */
    public record Degraded(String workerId, String policy, String detectedAt, String recoveredAt, long durationMs,
                           long conversationsCut, int usersHandedOver) {
    }

    /**
     * A worker that joined the running run and took a share of it from {@code fromSecond} of the
     * run on: {@code users} whose ramp had not started (closed model), or that many of the open
     * model's arrival positions and max users.
     */
    public record Joined(String workerId, String at, long fromSecond, long users) {
    }

    /** Executions of measured steps (each is one request to the target). */
    public record Requests(long count, long errors, double rps, double errorRate) {
    }

    public record Failure(String reason, long count) {
    }

    /**
     * One step. For streamed send steps also: {@code turn} (its place among the sends, from 1),
     * time to first output, inter-token latency (one sample per gap between content events) and
     * time per output token (one sample per turn), reasoning and cached tokens as the server
     * reported them, and output tokens per second of run time (the system's generation rate for
     * this step; one user's is 1000 / TPOT ms). Null where the step did not stream.
     */
    public record StepLine(String name, String kind, long count, long errors, double successRate, Percentiles latencyMs,
                           Percentiles ttftMs, long inputTokens, long outputTokens, Double cost, List<Failure> failures,
                           Integer turn, Percentiles ttfoMs, Percentiles itlMs, Percentiles tpotMs, long reasoningTokens,
                           long cachedTokens, Double outputTokensPerS) {

        /** A step without streaming figures. */
        public StepLine(String name, String kind, long count, long errors, double successRate, Percentiles latencyMs,
                        Percentiles ttftMs, long inputTokens, long outputTokens, Double cost, List<Failure> failures) {
            this(name, kind, count, errors, successRate, latencyMs, ttftMs, inputTokens, outputTokens, cost, failures,
                    null, null, null, null, 0, 0, null);
        }
    }

    /**
     * One node type of the agent's pipeline. {@code parent}: the node type it ran inside most
     * often (from the agent's own spans; null at the top or when nothing says).
     */
    public record NodeLine(String name, long count, long errors, double successRate, Percentiles latencyMs, long tokens,
                           List<Failure> failures, String parent) {

        /** Without nesting. */
        public NodeLine(String name, long count, long errors, double successRate, Percentiles latencyMs, long tokens,
                        List<Failure> failures) {
            this(name, count, errors, successRate, latencyMs, tokens, failures, null);
        }
    }

    /**
     * One check of one step ({@code check}: where it was written and its kind, e.g.
     * {@code expect.intent}): how often it was judged, failed, its pass rate among those judged,
     * and how often it was not judged because an earlier cause (no answer, an error status)
     * had already failed the step, or because it could not be (a judge that could not say, a turn
     * without an expected reply): {@code notEvaluatedReasons} counts the latter by reason.
     */
    public record CheckLine(String step, String check, long count, long failures, double passRate, long notEvaluated,
                            List<Failure> notEvaluatedReasons) {

        /** Without reasons for the checks not evaluated. */
        public CheckLine(String step, String check, long count, long failures, double passRate, long notEvaluated) {
            this(step, check, count, failures, passRate, notEvaluated, List.of());
        }
    }

    /**
     * Tokens of all steps; {@code outputPerSecond}: output tokens per second of the run, all users
     * together. {@code countedWith} says, per metric ({@code input}, {@code output}), what the
     * figures rest on: {@code reported} (the target's usage), a tokenizer's encoding
     * ({@code o200k_base}…) or {@code estimate}; both joined by {@code +} when some turns were
     * reported and others counted (most turns first); null when no turn had tokens.
     */
    public record Tokens(long input, long output, long total, double perConversation, double outputPerSecond,
                         Map<String, String> countedWith) {

        public Tokens(long input, long output, long total, double perConversation, double outputPerSecond) {
            this(input, output, total, perConversation, outputPerSecond, null);
        }
    }

    public record Cost(String model, double total, double perConversation, String currency) {
    }

    /**
     * A threshold as decided: the rule as written ({@code expression}), the actual figure and the
     * limit in the rule's {@code unit} ({@code ms}, {@code %} or empty), its {@code comparison}
     * ({@code <}, {@code >=}, …).
     */
    public record ThresholdResult(String metric, String expression, Double actual, double limit, boolean passed, String message,
                                  String comparison, String unit) {

        /** Without comparison and unit, as a summary of an earlier version has it. */
        public ThresholdResult(String metric, String expression, Double actual, double limit, boolean passed, String message) {
            this(metric, expression, actual, limit, passed, message, null, null);
        }
    }

    /** A slice as it ran: where, how many users, the worker's clock offset to the coordinator, how it ended. */
    public record WorkerLine(String workerId, String sliceId, int users, long clockOffsetMs, String status) {
    }
}
