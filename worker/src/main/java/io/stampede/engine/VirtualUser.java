package io.stampede.engine;

import java.util.List;
import java.util.Map;

import io.stampede.check.Observation;
import io.stampede.check.Truncation;
import io.stampede.json.Json;
import io.stampede.metrics.Counters;
import io.stampede.protocol.AgentResponse;
import io.stampede.protocol.http.HttpTransport;
import io.stampede.scenario.AssertStep;
import io.stampede.scenario.CallToolStep;
import io.stampede.scenario.FailurePolicy;
import io.stampede.scenario.RequestStep;
import io.stampede.scenario.SendStep;
import io.stampede.scenario.Step;
import io.stampede.scenario.WaitStep;
import io.stampede.template.MissingVariableException;
import io.vertx.core.Future;

/**
 * One simulated user: a small state machine on its lane's event loop. It runs the scenario's
 * steps as conversations, one after another, until the load ends or its iterations are done.
 * No thread, nothing blocking; its state (variables, cookies, conversation id, history) is its
 * own, so one user's failure never touches another.
 *
 * <p>Latency is measured from the <em>intended</em> start of each step: the moment the user
 * meant to act (its scheduled start, the end of its think time or wait). When the event loop
 * is late, the delay is part of the latency instead of being hidden.
 *
 * <p>What the user carries between steps (variables, cookies, conversation, connection, the
 * exchange in flight) is its {@link Session}, which is also what protocol drivers see.
 *
 * <p>Why one class of this length: the state machine's transitions (start, step, judge, think,
 * next conversation, finish, interrupt, time out) decide together what is counted and when;
 * kept in one class they can be checked against each other in one reading.
 */
final class VirtualUser {
    private enum State { SCHEDULED, RUNNING, FINISHED, STOPPED }

    private static final int MAX_DIRECT_DEPTH = 16;

    private final LaneContext lane;
    private final Lane owner;
    private final Session session;
    private final boolean startedBefore;
    private final ConversationJudge judge;

    private State state = State.SCHEDULED;
    private int stepIndex;
    private boolean conversationOk;
    private boolean inConversation;
    private boolean retiring;
    /** Depth of actions run directly from one another; past a bound the next one hops through the event loop. */
    private int directDepth;
    private Observation lastObservation;

    /** When the current action was meant to start (System.nanoTime). */
    private long intendedNanos;
    private long timerId = -1;

    /**
     * @param done          conversations this user already completed (on a worker that was lost)
     * @param startedBefore it started on that worker: it is not counted among started users again
     */
    VirtualUser(Lane owner, LaneContext lane, int userId, int done, boolean startedBefore) {
        this.owner = owner;
        this.lane = lane;
        this.session = new Session(lane, userId, done);
        this.startedBefore = startedBefore;
        this.judge = new ConversationJudge(lane.goodput(), lane.steps().length);
    }

    // ---- lifecycle, driven by the lane

    /** Starts the first conversation at {@code startNanos} (System.nanoTime). */
    void scheduleStart(long startNanos) {
        intendedNanos = startNanos;
        // Rounded up: a timer that fires before the intended start would send early.
        long delayMs = Math.max(0, (startNanos - System.nanoTime() + 999_999) / 1_000_000);
        timerId = lane.vertx().setTimer(Math.max(1, delayMs), id -> {
            timerId = -1;
            if (state == State.SCHEDULED) {
                begin();
            }
        });
    }

    /** Starts the first conversation now; {@code intendedNanos} is when it was due (the open model's arrival time). */
    void startNow(long intendedNanos) {
        if (state != State.SCHEDULED) {
            return;
        }
        this.intendedNanos = intendedNanos;
        begin();
    }

    private void begin() {
        state = State.RUNNING;
        if (!startedBefore) {
            counters().usersStarted++;
        }
        // Reported at once: were its worker lost, the user is known to have started.
        lane.recorder().userProgress(userId(), session.conversation(), false);
        beginConversation();
    }

    /** The lease is back: the user sends the step it was holding. */
    void resume() {
        if (state == State.RUNNING) {
            runStep();
        }
    }

    /** Ramping down: the user ends after its current conversation (false: it stays). */
    void retire(boolean retire) {
        this.retiring = retire;
    }

    /** Conversations this user completed. */
    int completed() {
        return inConversation ? session.conversation() - 1 : session.conversation();
    }

    boolean isActive() {
        return state == State.RUNNING;
    }

    boolean isDone() {
        return state == State.FINISHED || state == State.STOPPED;
    }

    /**
     * Gives the user up to a worker that joined the run, if it has not started and its start is
     * at or after {@code notBeforeNanos}: it never ran here, so nothing of it is counted here.
     */
    boolean withdraw(long notBeforeNanos) {
        if (state != State.SCHEDULED || intendedNanos - notBeforeNanos < 0) {
            return false;
        }
        state = State.STOPPED;
        cancelTimer();
        owner.userDone(this);
        return true;
    }

    int id() {
        return userId();
    }

    /** Ends the user now: a conversation in flight counts as interrupted, a user not yet started never starts. */
    void interrupt() {
        if (isDone()) {
            return;
        }
        boolean wasRunning = state == State.RUNNING;
        state = State.STOPPED;
        cancelTimer();
        session.exchange().abandon();
        session.closeConnection();
        lane.driver().conversationEnded(session);
        if (wasRunning) {
            if (inConversation) {
                counters().conversationsInterrupted++;
                session.conversationCut();
            }
            counters().usersFinished++;
        }
        lane.recorder().userProgress(userId(), session.conversation(), true);
        owner.userDone(this);
    }

    /** The target timeout passed with the exchange in flight: the step fails, now. */
    private void timedOut(StepMeta meta) {
        // Stop listening to the exchange first, then abandon it, then judge: the step after
        // may start at once, on the very connection the cancel closes.
        int timedOut = session.exchange().abandon();
        complete(meta, AgentResponse.failed("timed out after " + (lane.timeoutNanos() / 1_000_000) + "ms", 0, null), timedOut);
    }

    // ---- the state machine

    private void beginConversation() {
        if (state != State.RUNNING) {
            return;
        }
        boolean iterationsDone = lane.iterations() > 0 && session.conversation() >= lane.iterations();
        if (iterationsDone || retiring || owner.loadEnded()) {
            finish();
            return;
        }
        session.nextConversation();
        judge.begin(session.conversation());
        stepIndex = 0;
        conversationOk = true;
        inConversation = true;
        lastObservation = null;
        counters().conversationsStarted++;
        runStep();
    }

    private void runStep() {
        if (state != State.RUNNING) {
            return;
        }
        StepMeta[] steps = lane.steps();
        if (stepIndex >= steps.length) {
            endConversation();
            return;
        }
        Step step = steps[stepIndex].step();
        if (step instanceof WaitStep wait) {
            after(wait.duration().sampleMillis(lane.random()), this::nextStep);
            return;
        }
        if (step instanceof AssertStep) {
            judge(steps[stepIndex], null);
            return;
        }
        exchange(steps[stepIndex]);
    }

    private void exchange(StepMeta meta) {
        if (!owner.maySend(System.nanoTime())) {
            // No lease (a pause, a partition, a revocation): send nothing; the latency of the wait,
            // if the lease comes back, is counted from the intended time as any late start is.
            owner.park(this);
            return;
        }
        // The attempt and its deadline exist before the driver runs: a pooled connection may
        // hand over the request (and call inFlight) before send() even returns.
        int mine = session.exchange().open(lane.timeoutNanos(), () -> timedOut(meta));
        Future<AgentResponse> response;
        try {
            Step step = meta.step();
            if (step instanceof SendStep send) {
                session.turn(send.turn());
                response = lane.driver().send(session, send, send.message().render(session.variables()));
            } else if (step instanceof RequestStep request) {
                response = lane.plain().request(session, request, meta.reads());
            } else if (step instanceof CallToolStep tool) {
                response = lane.plain().callTool(session, tool, meta.reads());
            } else {
                throw new IllegalStateException("not an exchange: " + step);
            }
        } catch (MissingVariableException e) {
            // Break the call chain: a conversation of steps that all fail at once must not recurse.
            lane.vertx().runOnContext(v -> complete(meta, AgentResponse.failed(e.getMessage(), 0, null), mine));
            return;
        }
        response.onComplete(ar -> complete(meta, ar.succeeded() ? ar.result()
                : AgentResponse.failed(HttpTransport.describe(ar.cause()), 0, null), mine));
    }

    private void complete(StepMeta meta, AgentResponse response, int forAttempt) {
        if (state != State.RUNNING || !session.exchange().close(forAttempt)) {
            return;
        }
        judge(meta, response);
    }

    /** Records the step, runs its checks and extractions, and moves on per the failure policy. */
    private void judge(StepMeta meta, AgentResponse response) {
        StepVerdict verdict = response == null
                ? StepVerdict.ofAssert(meta, lastObservation)
                : StepVerdict.of(meta, response, intendedNanos);
        if (response != null) {
            lastObservation = verdict.observation();
            extract(meta, verdict);
        }
        verdict.record(meta, lane, this);
        judge.step(stepIndex, meta.step().name(), verdict);
        if (verdict.ok()) {
            nextStep();
            return;
        }
        conversationOk = false;
        FailurePolicy policy = meta.onFailure();
        if (policy == FailurePolicy.CONTINUE) {
            nextStep();
        } else if (policy == FailurePolicy.STOP_USER) {
            // Not endConversation(): with no think time it would begin the next conversation at once.
            closeConversation();
            finish();
        } else {
            endConversation();
        }
    }

    private void extract(StepMeta meta, StepVerdict verdict) {
        for (var extraction : meta.step().extractions()) {
            Object value = extraction.path().read(verdict.observation().json());
            if (value == null) {
                Truncation cut = verdict.observation().truncation();
                String what = "extract " + extraction.variable() + ": " + extraction.path();
                if (cut != null) {
                    String detail = cut.explain(what + " cannot be read");
                    verdict.fail(Truncation.reasonOf(detail), detail);
                } else {
                    verdict.fail(what + " not found in response");
                }
            } else {
                Object kept = value instanceof Map || value instanceof List ? Json.text(value) : value;
                session.userVariables().set(extraction.variable(), kept);
            }
        }
    }

    private void nextStep() {
        stepIndex++;
        boolean measured = lane.steps()[stepIndex - 1].step().isMeasured();
        if (stepIndex >= lane.steps().length) {
            endConversation();
        } else if (measured) {
            after(lane.scenario().load().thinkTime().sampleMillis(lane.random()), this::runStep);
        } else {
            runStep();
        }
    }

    private void endConversation() {
        if (!closeConversation()) {
            return;
        }
        stepIndex = 0;
        // The think time after the last step paces conversations.
        after(lane.scenario().load().thinkTime().sampleMillis(lane.random()), this::beginConversation);
    }

    /** Counts the conversation that just ended; false when the user is no longer running. */
    private boolean closeConversation() {
        if (state != State.RUNNING) {
            return false;
        }
        inConversation = false;
        lane.driver().conversationEnded(session);
        if (conversationOk) {
            counters().conversationsSucceeded++;
        } else {
            counters().conversationsFailed++;
        }
        judge.end();
        lane.recorder().userProgress(userId(), session.conversation(), false);
        return true;
    }

    private void finish() {
        if (state != State.RUNNING) {
            return;
        }
        state = State.FINISHED;
        cancelTimer();
        session.releaseConnection();
        lane.driver().conversationEnded(session);
        counters().usersFinished++;
        lane.recorder().userProgress(userId(), session.conversation(), true);
        owner.userDone(this);
    }

    /** Runs {@code action} after {@code delayMs}, which becomes the intended start of what follows. */
    private void after(long delayMs, Runnable action) {
        intendedNanos = System.nanoTime() + delayMs * 1_000_000;
        if (delayMs <= 0) {
            if (directDepth < MAX_DIRECT_DEPTH) {
                directDepth++;
                try {
                    action.run();
                } finally {
                    directDepth--;
                }
            } else {
                // Exchanges that fail synchronously, again and again, must not grow the stack.
                lane.vertx().runOnContext(v -> action.run());
            }
            return;
        }
        timerId = lane.vertx().setTimer(delayMs, id -> {
            timerId = -1;
            action.run();
        });
    }

    private void cancelTimer() {
        if (timerId >= 0) {
            lane.vertx().cancelTimer(timerId);
            timerId = -1;
        }
    }

    private Counters counters() {
        return lane.recorder().counters();
    }

    // ---- what the recording sees

    int userId() {
        return session.userId();
    }

    /** The number of the conversation in progress (or the last one). */
    int iteration() {
        return session.conversation();
    }

    int turn() {
        return session.turn();
    }

    /** The traceparent of the request this step made (null when it sent none); asked once per step. */
    String takeTraceparent() {
        return session.takeTraceparent();
    }
}
