package io.stampede.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.stampede.check.Observation;
import io.stampede.json.Json;
import io.stampede.metrics.Counters;
import io.stampede.protocol.AgentResponse;
import io.stampede.protocol.UserConnection;
import io.stampede.protocol.UserSession;
import io.stampede.protocol.http.HttpTransport;
import io.stampede.scenario.AssertStep;
import io.stampede.scenario.CallToolStep;
import io.stampede.scenario.FailurePolicy;
import io.stampede.scenario.RequestStep;
import io.stampede.scenario.SendStep;
import io.stampede.scenario.Step;
import io.stampede.scenario.WaitStep;
import io.stampede.template.MissingVariableException;
import io.stampede.template.Variables;
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
 */
final class VirtualUser implements UserSession {
    private enum State { SCHEDULED, RUNNING, FINISHED, STOPPED }

    private static final int MAX_DIRECT_DEPTH = 16;

    private final LaneContext lane;
    private final Lane owner;
    private final int userId;
    private final UserVariables variables;
    private final CookieJar cookies = new CookieJar();
    private final List<Map<String, Object>> history = new ArrayList<>();

    private State state = State.SCHEDULED;
    private int iteration;
    private int stepIndex;
    private int turn;
    private boolean conversationOk;
    private boolean inConversation;
    private boolean retiring;
    /** Depth of actions run directly from one another; past a bound the next one hops through the event loop. */
    private int directDepth;
    private String conversationId;
    private Observation lastObservation;

    /** When the current action was meant to start (System.nanoTime). */
    private long intendedNanos;
    /** Identifies the exchange in flight; a late answer to an older one is ignored. */
    private int attempt;
    private long deadlineNanos;
    /** How to abandon the exchange in flight (reset the request, close the connection or socket). */
    private Runnable inFlightCancel;
    /** The user's own keep-alive connection to the target, once it sent a plain request. */
    private UserConnection connection;
    private long timerId = -1;

    /** @param done conversations this user already completed (on a worker that was lost) */
    VirtualUser(Lane owner, LaneContext lane, int userId, int done) {
        this.owner = owner;
        this.lane = lane;
        this.userId = userId;
        this.iteration = done;
        this.variables = new UserVariables(this, lane.scenario().data().rowForUser(userId));
    }

    // ---- lifecycle, driven by the lane

    /** Starts the first conversation at {@code startNanos} (System.nanoTime). */
    void scheduleStart(long startNanos) {
        intendedNanos = startNanos;
        long delayMs = Math.max(0, (startNanos - System.nanoTime()) / 1_000_000);
        timerId = lane.vertx().setTimer(Math.max(1, delayMs), id -> {
            timerId = -1;
            if (state == State.SCHEDULED) {
                state = State.RUNNING;
                counters().usersStarted++;
                beginConversation();
            }
        });
    }

    /** Starts the first conversation now; {@code intendedNanos} is when it was due (the open model's arrival time). */
    void startNow(long intendedNanos) {
        if (state != State.SCHEDULED) {
            return;
        }
        this.intendedNanos = intendedNanos;
        state = State.RUNNING;
        counters().usersStarted++;
        beginConversation();
    }

    /** Ramping down: the user ends after its current conversation (false: it stays). */
    void retire(boolean retire) {
        this.retiring = retire;
    }

    /** Conversations this user completed. */
    int completed() {
        return inConversation ? iteration - 1 : iteration;
    }

    boolean isActive() {
        return state == State.RUNNING;
    }

    boolean isDone() {
        return state == State.FINISHED || state == State.STOPPED;
    }

    /** Ends the user now: a conversation in flight counts as interrupted, a user not yet started never starts. */
    void interrupt() {
        if (isDone()) {
            return;
        }
        boolean wasRunning = state == State.RUNNING;
        state = State.STOPPED;
        cancelTimer();
        attempt++;
        deadlineNanos = 0;
        cancelInFlight();
        closeConnection();
        lane.driver().conversationEnded(this);
        if (wasRunning) {
            if (inConversation) {
                counters().conversationsInterrupted++;
                iteration--; // not completed
            }
            counters().usersFinished++;
        }
        lane.recorder().userProgress(userId, iteration, true);
        owner.userDone(this);
    }

    /** Called by the lane's sweep: fails the step in flight when the target timeout passed. */
    void checkTimeout(long now) {
        if (deadlineNanos != 0 && now - deadlineNanos > 0) {
            // Stop listening to the exchange first, then abandon it, then judge: the step after
            // may start at once, on the very connection the cancel closes.
            int timedOut = ++attempt;
            cancelInFlight();
            complete(lane.steps()[stepIndex], AgentResponse.failed(
                    "timed out after " + (lane.timeoutNanos() / 1_000_000) + "ms", 0, null), timedOut);
        }
    }

    // ---- the state machine

    private void beginConversation() {
        if (state != State.RUNNING) {
            return;
        }
        boolean iterationsDone = lane.iterations() > 0 && iteration >= lane.iterations();
        if (iterationsDone || retiring || owner.loadEnded()) {
            finish();
            return;
        }
        iteration++;
        stepIndex = 0;
        turn = 0;
        conversationOk = true;
        inConversation = true;
        conversationId = lane.runId() + "-u" + userId + "-c" + iteration;
        history.clear();
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
        // The attempt and its deadline exist before the driver runs: a pooled connection may
        // hand over the request (and call inFlight) before send() even returns.
        int mine = ++attempt;
        deadlineNanos = System.nanoTime() + lane.timeoutNanos();
        Future<AgentResponse> response;
        try {
            Step step = meta.step();
            if (step instanceof SendStep send) {
                turn = send.turn();
                response = lane.driver().send(this, send, send.message().render(variables));
            } else if (step instanceof RequestStep request) {
                response = lane.plain().request(this, request, meta.needsJson());
            } else if (step instanceof CallToolStep tool) {
                response = lane.plain().callTool(this, tool, meta.needsJson());
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
        if (forAttempt != attempt || state != State.RUNNING) {
            return;
        }
        attempt++;
        deadlineNanos = 0;
        inFlightCancel = null;
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
                verdict.fail("extract " + extraction.variable() + ": " + extraction.path() + " not found in response");
            } else {
                variables.set(extraction.variable(), value instanceof Map || value instanceof List ? Json.text(value) : value);
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
        lane.driver().conversationEnded(this);
        if (conversationOk) {
            counters().conversationsSucceeded++;
        } else {
            counters().conversationsFailed++;
        }
        lane.recorder().userProgress(userId, iteration, false);
        return true;
    }

    private void finish() {
        if (state != State.RUNNING) {
            return;
        }
        state = State.FINISHED;
        cancelTimer();
        releaseConnection();
        lane.driver().conversationEnded(this);
        counters().usersFinished++;
        lane.recorder().userProgress(userId, iteration, true);
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

    // ---- what templates and drivers see

    LaneContext lane() {
        return lane;
    }

    int iteration() {
        return iteration;
    }

    int turn() {
        return turn;
    }

    @Override
    public int userId() {
        return userId;
    }

    @Override
    public Variables variables() {
        return variables;
    }

    @Override
    public String conversationId() {
        return conversationId;
    }

    @Override
    public void conversationId(String id) {
        conversationId = id;
    }

    @Override
    public List<Map<String, Object>> history() {
        return history;
    }

    @Override
    public String cookieHeader(String host) {
        return cookies.header(host);
    }

    @Override
    public void storeCookies(String host, List<String> setCookieHeaders) {
        cookies.store(host, setCookieHeaders);
    }

    @Override
    public void inFlight(Runnable cancel) {
        if (state == State.RUNNING && deadlineNanos != 0) {
            inFlightCancel = cancel;
        } else {
            cancel.run();
        }
    }

    private void cancelInFlight() {
        Runnable cancel = inFlightCancel;
        inFlightCancel = null;
        if (cancel != null) {
            cancel.run();
        }
    }

    @Override
    public UserConnection connection() {
        return connection;
    }

    @Override
    public void connection(UserConnection connection) {
        this.connection = connection;
    }

    /** Interrupted: the connection may be in the middle of an exchange, so it is closed. */
    private void closeConnection() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    /** Finished: the connection is handed to the lane's next user (see Http1Client). */
    private void releaseConnection() {
        if (connection != null) {
            connection.release();
            connection = null;
        }
    }

    @Override
    public String traceparent() {
        return TraceParent.of(lane.traceSeed(), userId, iteration, turn, lane.random());
    }
}
