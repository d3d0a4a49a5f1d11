package io.stampede.engine;

import java.util.List;
import java.util.Optional;

import io.stampede.check.Check;
import io.stampede.check.Observation;
import io.stampede.check.StatusCheck;
import io.stampede.check.Usage;
import io.stampede.clientspan.Exchange;
import io.stampede.metrics.KeyStats;
import io.stampede.metrics.MetricKey;
import io.stampede.protocol.AgentResponse;
import io.stampede.protocol.TokenTiming;
import io.stampede.trace.TraceNode;
import io.stampede.recording.EventSampler;
import io.stampede.recording.LaneRecorder;
import io.stampede.wire.NodeEvent;

/**
 * The outcome of one step for one user, and how it is recorded. A step succeeds when the
 * transport worked, the status was 2xx (unless a {@code status} check says otherwise) and
 * every check held.
 *
 * <p>A step that fails has one reason, its first cause: the transport (or the stream's error),
 * then the status, then its checks in order. Checks that cannot be judged because of an earlier
 * cause (no answer, or an error status) are not evaluated — neither passed nor failed — so the
 * reasons of a step add up to its errors. Checks that can be judged all are, so each check's
 * pass rate stays true even when an earlier check failed.
 */
final class StepVerdict {
    private final Observation observation;
    private final List<TraceNode> trace;
    /** The streamed answer's arrival times; null for answers that were not streamed. */
    private TokenTiming timing;
    private long intendedNanos;
    private long firstTokenNanos = -1;
    private long endNanos;
    /** The answer arrived whole: only then is its token count a basis for TPOT. */
    private boolean complete;
    private final boolean measured;
    private final boolean[] checkHeld;
    /** Which checks were judged: those an earlier cause made meaningless were not. */
    private final boolean[] checkJudged;
    /** How the failure is counted in reports (null while the step holds), and what this one saw. */
    private String reason;
    private String detail;
    /** Why a check that could have been judged was not (a judge that could not say, no expected reply); null: none. */
    private final String[] notEvaluated;
    /** Checks decided after the step, by the worker's judge; true while one waits for its verdict. */
    private final boolean[] deferred;
    /** Judge verdicts, by check index, for the events and the recording. */
    private io.stampede.assist.JudgeVerdict[] verdicts;
    /** The label of the check that failed the step first; null when something else did (or nothing). */
    private String failedCheck;

    private StepVerdict(Observation observation, List<TraceNode> trace, boolean measured, int checks) {
        this.observation = observation;
        this.trace = trace;
        this.measured = measured;
        this.checkHeld = new boolean[checks];
        this.checkJudged = new boolean[checks];
        this.notEvaluated = new String[checks];
        this.deferred = new boolean[checks];
    }

    static StepVerdict of(StepMeta meta, AgentResponse r, long intendedNanos) {
        return of(meta, r, intendedNanos, null);
    }

    /** @param expectedReply the dataset's reply to this turn ({@code from_dataset}), or null */
    static StepVerdict of(StepMeta meta, AgentResponse r, long intendedNanos, String expectedReply) {
        long latencyMicros = Math.max(0, (r.endNanos() - intendedNanos) / 1000);
        long ttftMicros = r.firstTokenNanos() > 0 ? Math.max(0, (r.firstTokenNanos() - intendedNanos) / 1000) : -1;
        Observation o = new Observation(r.status(), r.body(), r.json(), r.reply(), r.intent(), r.toolsCalled(),
                latencyMicros, ttftMicros, r.usage(), r.finishReason(), r.truncation(), expectedReply);
        StepVerdict v = new StepVerdict(o, r.trace(), true, meta.step().checks().size());
        v.timing = r.timing();
        v.intendedNanos = intendedNanos;
        v.firstTokenNanos = r.firstTokenNanos();
        v.endNanos = r.endNanos();
        v.complete = r.transportOk();
        if (!r.transportOk()) {
            v.fail(r.error());
            return v;
        }
        List<Check> checks = meta.step().checks();
        int statusCheck = -1;
        for (int i = 0; i < checks.size(); i++) {
            if (checks.get(i).unwrap() instanceof StatusCheck) {
                statusCheck = i;
            }
        }
        if (statusCheck < 0 && (r.status() < 200 || r.status() > 299)) {
            v.fail("HTTP " + r.status(), ServerErrors.detail(r.status(), r.body(), r.json()));
            return v;
        }
        if (statusCheck >= 0 && !v.runCheck(checks.get(statusCheck), statusCheck)) {
            return v; // the status is the first cause: the other checks would judge an answer nobody expected
        }
        v.runChecks(meta, statusCheck);
        return v;
    }

    /** An assert-only step: checks on the previous response; no latency. */
    static StepVerdict ofAssert(StepMeta meta, Observation previous) {
        Observation o = previous != null ? previous
                : new Observation(0, "", null, null, null, List.of(), 0, -1, Usage.NONE, null);
        StepVerdict v = new StepVerdict(o, List.of(), false, meta.step().checks().size());
        if (previous == null) {
            v.fail("no response to check: this step has nothing before it in the conversation");
        } else {
            v.runChecks(meta, -1);
        }
        return v;
    }

    /** Evaluates every check but {@code skip} (one already evaluated), in order. */
    private void runChecks(StepMeta meta, int skip) {
        List<Check> checks = meta.step().checks();
        for (int i = 0; i < checks.size(); i++) {
            if (i != skip) {
                runCheck(checks.get(i), i);
            }
        }
    }

    private boolean runCheck(Check check, int index) {
        if (check.deferred()) {
            deferred[index] = true; // the judge decides it once the other checks are done
            return true;
        }
        Optional<String> inapplicable = check.notApplicable(observation);
        if (inapplicable.isPresent()) {
            notEvaluated[index] = inapplicable.get();
            return true;
        }
        Optional<String> failure = check.verify(observation);
        checkJudged[index] = true;
        checkHeld[index] = failure.isEmpty();
        if (failure.isPresent() && reason == null) {
            failedCheck = check.label();
        }
        failure.ifPresent(detail -> fail(check.reason(detail), detail));
        return failure.isEmpty();
    }

    /** A failure whose text is both its reason and its detail (transport errors, statuses). */
    void fail(String reason) {
        fail(reason, reason);
    }

    /**
     * The step failed, if it had not already (its first cause is its reason).
     *
     * @param reason how it is counted in reports; @param detail what this one saw, for the events
     */
    void fail(String reason, String detail) {
        if (this.reason == null) {
            this.reason = reason;
            this.detail = detail;
        }
    }

    /**
     * Why the step failed, as a conversation's reason: {@code check <step> <label>} for a check,
     * {@code error <step>: <reason>} for anything else (transport, status); null when it passed.
     */
    String conversationReason(String step) {
        if (reason == null) {
            return null;
        }
        return failedCheck != null ? "check " + step + " " + failedCheck : "error " + step + ": " + reason;
    }

    /** True for a step that exchanged with the agent (not an assert on an earlier answer). */
    boolean measured() {
        return measured;
    }

    long intendedNanos() {
        return intendedNanos;
    }

    /** When the answer ended (or the exchange gave up); 0 when unknown. */
    long endNanos() {
        return endNanos;
    }

    /** The longest gap between two content events of a streamed answer, µs; -1 when there was none. */
    long maxGapMicros() {
        if (timing == null || timing.gaps() == 0) {
            return -1;
        }
        long max = 0;
        int[] gaps = timing.gapsMicros();
        for (int i = 0; i < timing.gaps(); i++) {
            max = Math.max(max, gaps[i]);
        }
        return max;
    }

    /** Time per output token of a complete streamed answer of two tokens or more, µs; -1 otherwise (as recorded). */
    long tpotMicros() {
        long outputTokens = observation.usage().outputTokens();
        if (timing == null || !complete || firstTokenNanos <= 0 || outputTokens <= 1) {
            return -1;
        }
        return Math.max(0, (endNanos - firstTokenNanos) / 1000 / (outputTokens - 1));
    }

    boolean ok() {
        return reason == null;
    }

    /** The indexes of the checks waiting for the judge (none when an earlier cause failed the step first). */
    java.util.List<Integer> pendingJudges() {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < deferred.length; i++) {
            if (deferred[i]) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * The judge's verdict on check {@code index}: passed or failed by its {@code pass_if}, or not
     * evaluated with the reason when the judge could not say.
     */
    void judged(int index, io.stampede.scenario.JudgeCheck check, io.stampede.assist.JudgeVerdict verdict, Check asWritten) {
        deferred[index] = false;
        if (verdicts == null) {
            verdicts = new io.stampede.assist.JudgeVerdict[checkHeld.length];
        }
        verdicts[index] = verdict;
        if (!verdict.evaluated()) {
            notEvaluated[index] = verdict.notEvaluated();
            return;
        }
        checkJudged[index] = true;
        checkHeld[index] = check.passIf().holds(verdict.score());
        if (!checkHeld[index]) {
            String seen = "judge score does not meet pass_if " + check.passIf() + ": "
                    + io.stampede.assist.Judge.format(verdict.score()) + " of " + check.scaleMax()
                    + (verdict.reasoning() == null ? "" : ", " + verdict.reasoning());
            if (reason == null) {
                failedCheck = asWritten.label();
            }
            fail(asWritten.reason(seen), seen);
        }
    }

    /** How check {@code index} came out: {@code pass}, {@code fail}, {@code not_evaluated}. */
    String outcome(int index) {
        return checkJudged[index] ? (checkHeld[index] ? "pass" : "fail") : "not_evaluated";
    }

    /** Why check {@code index} was not evaluated, when a reason is known. */
    String notEvaluatedReason(int index) {
        return notEvaluated[index];
    }

    io.stampede.assist.JudgeVerdict verdict(int index) {
        return verdicts == null ? null : verdicts[index];
    }

    /** The failure detail of this step (what it saw), or null while it holds. */
    String detail() {
        return detail;
    }

    Observation observation() {
        return observation;
    }

    /**
     * TTFO from the intended send time and each gap between content events, as observed (also
     * for a stream that failed later), and, for a complete answer only, TPOT:
     * (E2E − TTFT) / (output tokens − 1), i.e. from the first token to the last byte spread over
     * the tokens after the first, for turns with at least two output tokens.
     */
    private void recordStream(StreamKeys keys, long outputTokens) {
        if (timing.firstOutputNanos() > 0) {
            keys.ttfo().record(Math.max(0, (timing.firstOutputNanos() - intendedNanos) / 1000), true);
        }
        int[] gaps = timing.gapsMicros();
        if (timing.gaps() > 0) {
            KeyStats itl = keys.itl();
            for (int i = 0; i < timing.gaps(); i++) {
                itl.record(gaps[i], true);
            }
        }
        if (complete && firstTokenNanos > 0 && outputTokens > 1) {
            keys.tpot().record(Math.max(0, (endNanos - firstTokenNanos) / 1000 / (outputTokens - 1)), true);
        }
    }

    /** The judge's verdicts as sampled events: score, pass_if, reasoning and the prompt it was given. */
    private void recordJudges(StepMeta meta, EventSampler sampler, long now, LaneContext lane, VirtualUser user) {
        List<Check> checks = meta.step().checks();
        for (int i = 0; i < verdicts.length; i++) {
            io.stampede.assist.JudgeVerdict v = verdicts[i];
            if (v == null) {
                continue;
            }
            String outcome = outcome(i);
            boolean bad = !outcome.equals("pass");
            int slot = sampler.slot(bad);
            if (slot < 0) {
                continue;
            }
            java.util.Map<String, Object> detail = new java.util.LinkedHashMap<>();
            if (v.score() != null) {
                detail.put("score", v.score());
            }
            io.stampede.scenario.JudgeCheck judge = (io.stampede.scenario.JudgeCheck) checks.get(i).unwrap();
            detail.put("pass_if", judge.passIf().toString());
            detail.put("scale", judge.scaleMin() + ".." + judge.scaleMax());
            if (v.reasoning() != null) {
                detail.put("reasoning", v.reasoning());
            }
            detail.put("prompt", v.prompt().length() > 2000 ? v.prompt().substring(0, 2000) + "…" : v.prompt());
            detail.put("cached", v.cached());
            sampler.put(bad, slot, new NodeEvent(now, lane.runId(), user.userId(), user.iteration(), meta.step().name(), "judge",
                    checks.get(i).label(), outcome, v.latencyMs(), v.tokens(), v.notEvaluated(), detail));
        }
    }

    /** Records the step, its checks, its trace nodes, and offers events to the sampler. */
    void record(StepMeta meta, LaneContext lane, VirtualUser user) {
        boolean ok = ok();
        KeyStats stats = meta.stats();
        stats.record(measured ? observation.latencyMicros() : -1, ok);
        Usage usage = observation.usage();
        if (measured) {
            // An assert-only step checks the previous step's answer: its tokens were counted there, once.
            stats.addTokens(usage.inputTokens(), usage.outputTokens(), usage.reported());
            stats.addTokenDetails(usage.reasoningTokens(), usage.cachedTokens());
        }
        if (!ok) {
            stats.addFailure(reason);
        }
        if (measured && observation.ttftMicros() >= 0) {
            meta.ttft().record(observation.ttftMicros(), true);
        }
        if (timing != null) {
            recordStream(meta.stream(), usage.outputTokens());
        }
        KeyStats[] checkStats = meta.checkStats();
        for (int i = 0; i < checkStats.length; i++) {
            if (checkJudged[i]) {
                checkStats[i].record(-1, checkHeld[i]);
            } else if (notEvaluated[i] != null) {
                checkStats[i].addFailure(notEvaluated[i]); // a check key's reasons are why it was not evaluated
            }
        }
        LaneRecorder recorder = lane.recorder();
        EventSampler sampler = recorder.events();
        String step = meta.step().name();
        long now = recorder.nowMs();
        int slot = sampler.slot(!ok);
        if (slot >= 0) {
            sampler.put(!ok, slot, new NodeEvent(now, lane.runId(), user.userId(), user.iteration(), step, "step", step,
                    ok ? "ok" : "error", observation.latencyMicros() / 1000.0, usage.totalTokens(), ok ? null : detail));
        }
        for (TraceNode node : trace) {
            KeyStats nodeStats = recorder.key(MetricKey.node(node.node()));
            nodeStats.record(node.latencyMicros(), node.ok());
            nodeStats.addTokens(0, node.tokens());
            if (!node.ok()) {
                nodeStats.addFailure(node.error());
            }
            int nodeSlot = sampler.slot(!node.ok());
            if (nodeSlot >= 0) {
                sampler.put(!node.ok(), nodeSlot, new NodeEvent(now, lane.runId(), user.userId(), user.iteration(), step,
                        node.node(), node.name(), node.ok() ? "ok" : "error", node.latencyMicros() / 1000.0, node.tokens(),
                        node.error()));
            }
        }
        if (verdicts != null) {
            recordJudges(meta, sampler, now, lane, user);
        }
        String traceparent = lane.clientSpans() == null ? null : user.takeTraceparent();
        if (traceparent != null && measured) {
            lane.clientSpans().add(new Exchange(traceparent, lane.runId(), step, Exchange.operationOf(meta.step()),
                    lane.scenario().target().model(), intendedNanos, endNanos, ok, detail, observation.ttftMicros(),
                    usage.inputTokens(), usage.outputTokens(), user.userId(), user.iteration(), user.turn()));
        }
    }
}
