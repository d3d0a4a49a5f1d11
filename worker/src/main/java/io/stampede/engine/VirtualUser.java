package io.stampede.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stampede.assist.SimulatedUser;
import io.stampede.check.Check;
import io.stampede.check.Observation;
import io.stampede.dataset.Conversation;
import io.stampede.dataset.DrawOrder;
import io.stampede.check.Truncation;
import io.stampede.json.Json;
import io.stampede.metrics.Counters;
import io.stampede.protocol.AgentResponse;
import io.stampede.protocol.http.HttpTransport;
import io.stampede.scenario.AssertStep;
import io.stampede.scenario.CallToolStep;
import io.stampede.scenario.DatasetStep;
import io.stampede.scenario.JudgeCheck;
import io.stampede.scenario.SimulatedStep;
import io.stampede.scenario.FailurePolicy;
import io.stampede.scenario.RequestStep;
import io.stampede.scenario.SendStep;
import io.stampede.scenario.Step;
import io.stampede.scenario.WaitStep;
import io.stampede.template.MissingVariableException;
import io.stampede.template.Variables;
import io.stampede.workload.ConversationLog;
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
    /** Its place in the lane's queue of think times, waits and scheduled starts. */
    private final Wakeups.Wakeup wakeup = new Wakeups.Wakeup();
    /** What a wait leads to, made once: a lambda per wait would live through the wait (see Wakeups). */
    private final Runnable startDue = this::startDue;
    private final Runnable beginConversation = this::beginConversation;
    private final Runnable runStep = this::runStep;
    private final Runnable nextStep = this::nextStep;

    /** The dataset conversation of the conversation under way ({@code from_dataset}), or null. */
    private Conversation drawn;
    /** Turns of the current step of many turns already sent; the message of the one under way. */
    private int subTurn;
    private String pendingMessage;
    /** What the last exchange sent (for the transcript and the recording). */
    private String sentMessage;
    /** The conversation as it happens, with --record; null otherwise. */
    private ConversationLog log;
    private long conversationIntendedNanos;
    /** When the previous exchange of this conversation ended: the think time before a turn is from there. */
    private long lastEndNanos = -1;

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
        if (lane.conversations() != null) {
            lane.conversations().prefetch(draw(session.conversation() + 1));
        }
        owner.wakeups().schedule(wakeup, startNanos, startDue);
    }

    private void startDue() {
        if (state == State.SCHEDULED) {
            begin();
        }
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
        session.replies().close();
        lane.driver().conversationEnded(session);
        if (wasRunning) {
            if (inConversation) {
                counters().conversationsInterrupted++;
                recordConversation("interrupted");
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
        if (lane.conversations() == null) {
            startConversation(null);
            return;
        }
        // A conversation of the dataset: its row was asked for ahead (prefetch), so it is usually here.
        Future<Conversation> row = lane.conversations().take(draw(session.conversation() + 1));
        if (row.isComplete()) {
            withRow(row);
        } else {
            row.onComplete(ar -> withRow(row));
        }
    }

    /** The user's draw of its {@code conversation}-th conversation: no other user of the run makes it. */
    private long draw(int conversation) {
        return DrawOrder.drawOf(userId(), conversation, lane.drawUsers());
    }

    private void withRow(Future<Conversation> row) {
        if (state != State.RUNNING) {
            return;
        }
        if (row.succeeded() && row.result() == null) {
            finish(); // a dataset drawn once per row is used up: this user is done
            return;
        }
        startConversation(row);
    }

    private void startConversation(Future<Conversation> row) {
        session.nextConversation();
        judge.begin(session.conversation());
        stepIndex = 0;
        subTurn = 0;
        pendingMessage = null;
        conversationOk = true;
        inConversation = true;
        lastObservation = null;
        lastEndNanos = -1;
        conversationIntendedNanos = intendedNanos;
        counters().conversationsStarted++;
        drawn = row != null && row.succeeded() ? row.result() : null;
        if (lane.record()) {
            log = new ConversationLog(lane.scenario().secrets(), lane.runId(), session.conversationId(), userId(), session.conversation(),
                    (conversationIntendedNanos - owner.startNanos()) / 1e6, drawn == null ? -1 : drawn.row());
        }
        if (row != null && row.failed()) {
            rowFailed(row.cause().getMessage());
            return;
        }
        if (drawn != null && drawn.system() != null) {
            Map<String, Object> system = new LinkedHashMap<>();
            system.put("role", "system");
            system.put("content", drawn.system());
            session.history().add(system);
        }
        if (lane.conversations() != null && (lane.iterations() == 0 || session.conversation() < lane.iterations())) {
            lane.conversations().prefetch(draw(session.conversation() + 1));
        }
        runStep();
    }

    /** The drawn row is no conversation: its dataset step fails, saying which line, and the conversation ends. */
    private void rowFailed(String why) {
        for (StepMeta meta : lane.steps()) {
            if (meta.step() instanceof DatasetStep) {
                meta.stats().record(-1, false);
                meta.stats().addFailure(why);
                break;
            }
        }
        conversationOk = false;
        endConversation();
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
            after(wait.duration().sampleMillis(lane.random()), nextStep);
            return;
        }
        if (step instanceof AssertStep) {
            judge(steps[stepIndex], null);
            return;
        }
        if (step instanceof DatasetStep dataset) {
            datasetTurn(steps[stepIndex], dataset);
            return;
        }
        if (step instanceof SimulatedStep simulated) {
            simulatedTurn(steps[stepIndex], simulated);
            return;
        }
        exchange(steps[stepIndex]);
    }

    /** The next user turn of the drawn conversation. */
    private void datasetTurn(StepMeta meta, DatasetStep step) {
        if (subTurn >= turnsOf(step)) {
            leaveTurns();
            return;
        }
        Conversation.Turn turn = drawn.turns().get(subTurn);
        session.turnOfDataset(turn.expectedReply(), turn.maxTokens());
        pendingMessage = turn.user();
        exchange(meta);
    }

    private int turnsOf(DatasetStep step) {
        int turns = drawn == null ? 0 : drawn.turns().size();
        return step.firstOnly() ? Math.min(1, turns) : turns;
    }

    /**
     * The simulated user writes its next message; the agent's turn starts when it is written and
     * the think time has passed: the simulator's time is not the agent's latency. A simulator that
     * fails or says the goal is met ends these turns (its failure counts in its own figures).
     */
    private void simulatedTurn(StepMeta meta, SimulatedStep step) {
        if (pendingMessage != null) {
            exchange(meta); // written already: the user was waiting for its lease
            return;
        }
        int max = step.maxTurns() > 0 ? step.maxTurns() : lane.scenario().simulator().maxTurns();
        if (subTurn >= max) {
            leaveTurns();
            return;
        }
        int conversation = session.conversation();
        lane.simulator().next(session.transcript(), session.variables(), userId() * 1_000_003L + conversation).onComplete(ar -> {
            if (state != State.RUNNING || !inConversation || session.conversation() != conversation) {
                return;
            }
            SimulatedUser.Next next = ar.succeeded() ? ar.result() : new SimulatedUser.Next(null, String.valueOf(ar.cause()));
            if (next.stop()) {
                leaveTurns();
                return;
            }
            pendingMessage = next.message();
            session.turnOfDataset(null, 0);
            after(lane.scenario().load().thinkTime().sampleMillis(lane.random()), () -> exchange(meta));
        });
    }

    /** After a turn of a step of many turns: the next one, or the step after. */
    private void nextTurn(StepMeta meta) {
        subTurn++;
        pendingMessage = null;
        if (meta.step() instanceof DatasetStep dataset) {
            if (subTurn >= turnsOf(dataset)) {
                subTurn = 0;
                nextStep();
                return;
            }
            long recorded = lane.scenario().dataset().thinkMs(drawn.turns().get(subTurn).thinkMs());
            after(recorded >= 0 ? recorded : lane.scenario().load().thinkTime().sampleMillis(lane.random()), runStep);
            return;
        }
        after(0, runStep); // the simulator writes now; its message then waits the think time
    }

    /** The turns of this step are over: the step after it, at once. */
    private void leaveTurns() {
        subTurn = 0;
        pendingMessage = null;
        stepIndex++;
        if (stepIndex >= lane.steps().length) {
            endConversation();
        } else {
            after(0, runStep);
        }
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
                sentMessage = send.message().render(session.variables());
                response = lane.driver().send(session, send, sentMessage);
            } else if (step.isMultiTurn()) {
                session.turn(session.turn() + 1);
                sentMessage = pendingMessage;
                response = lane.driver().send(session, meta.asSend(), sentMessage);
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

    /**
     * Runs the step's checks and extractions; the judge's checks, when it has some, are asked after
     * the others, and the step is decided when their verdicts are in.
     */
    private void judge(StepMeta meta, AgentResponse response) {
        StepVerdict verdict = response == null
                ? StepVerdict.ofAssert(meta, lastObservation)
                : StepVerdict.of(meta, response, intendedNanos, meta.step().isMultiTurn() ? session.expectedReply() : null);
        if (response != null) {
            lastObservation = verdict.observation();
            extract(meta, verdict);
            if (meta.asSend() != null) {
                session.answered(sentMessage, response.transportOk() ? response.reply() : null);
            }
            // The reply replaces the last one, or joins the conversation's transcript: see ReplyBudget.
            session.replies().settle(meta.asSend() != null);
        }
        List<Integer> judges = lane.judge() == null ? List.of() : verdict.pendingJudges();
        if (judges.isEmpty()) {
            decide(meta, verdict, response);
            return;
        }
        int conversation = session.conversation();
        askJudges(meta, verdict, judges).onComplete(done -> {
            if (state == State.RUNNING && inConversation && session.conversation() == conversation) {
                decide(meta, verdict, response);
            }
        });
    }

    /** Asks the judge for each of {@code indexes}; completes when every verdict is in (a judge never fails the future). */
    private Future<Void> askJudges(StepMeta meta, StepVerdict verdict, List<Integer> indexes) {
        List<Future<?>> all = new ArrayList<>(indexes.size());
        String expected = session.expectedReply();
        Variables variables = name -> name.equals("expected_reply") ? expected : session.variables().lookup(name);
        for (int i : indexes) {
            Check written = meta.step().checks().get(i);
            JudgeCheck check = (JudgeCheck) written.unwrap();
            if (expected == null && check.rubric().references().contains("expected_reply")) {
                verdict.judged(i, check, JudgeVerdicts.notEvaluated("no expected reply: the dataset holds none for this turn"), written);
                continue;
            }
            String rubric;
            try {
                rubric = check.rubric().render(variables);
            } catch (MissingVariableException e) {
                verdict.judged(i, check, JudgeVerdicts.notEvaluated(e.getMessage()), written);
                continue;
            }
            String subject = check.ofConversation() ? session.transcriptText() : replyOf(verdict.observation());
            all.add(lane.judge().judge(check, rubric, subject, session.variables()).onSuccess(v -> verdict.judged(i, check, v, written)));
        }
        return Future.join(all).mapEmpty();
    }

    private static String replyOf(Observation o) {
        return o.reply() != null ? o.reply() : o.body() == null ? "" : o.body();
    }

    /** Records the step and moves on per the failure policy. */
    private void decide(StepMeta meta, StepVerdict verdict, AgentResponse response) {
        verdict.record(meta, lane, this);
        logStep(meta, verdict, response);
        judge.step(stepIndex, meta.step().name(), verdict);
        boolean turns = meta.step().isMultiTurn();
        if (verdict.ok()) {
            if (turns) {
                nextTurn(meta);
            } else {
                nextStep();
            }
            return;
        }
        conversationOk = false;
        FailurePolicy policy = meta.onFailure();
        if (policy == FailurePolicy.CONTINUE) {
            if (turns) {
                nextTurn(meta);
            } else {
                nextStep();
            }
        } else if (policy == FailurePolicy.STOP_USER) {
            // Not endConversation(): with no think time it would begin the next conversation at once.
            closeConversation();
            finish();
        } else {
            endConversation();
        }
    }

    /** With --record: the step as it happened joins the conversation's log. */
    private void logStep(StepMeta meta, StepVerdict verdict, AgentResponse response) {
        if (log == null) {
            return;
        }
        Observation o = verdict.observation();
        if (response != null && meta.asSend() != null) {
            long think = lastEndNanos < 0 ? 0 : Math.max(0, (intendedNanos - lastEndNanos) / 1_000_000);
            log.turn(new ConversationLog.Turn(meta.step().name(), session.turn(), sentMessage, response.reply(), o.status(), verdict.ok(),
                    verdict.ok() ? null : verdict.detail(), o.latencyMicros() / 1000.0,
                    o.ttftMicros() < 0 ? -1 : o.ttftMicros() / 1000.0, think, o.usage(), o.toolsCalled(), o.intent(), response.trace()));
        } else if (response != null) {
            log.call(meta.step().name(), o.status(), verdict.ok(), verdict.ok() ? null : verdict.detail(), o.latencyMicros() / 1000.0);
        }
        if (response != null) {
            lastEndNanos = response.endNanos();
        }
        List<Check> checks = meta.step().checks();
        for (int i = 0; i < checks.size(); i++) {
            var judged = verdict.verdict(i);
            log.check(checks.get(i).label(), verdict.outcome(i), verdict.notEvaluatedReason(i),
                    judged == null ? null : judged.score());
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
            after(lane.scenario().load().thinkTime().sampleMillis(lane.random()), runStep);
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
        after(lane.scenario().load().thinkTime().sampleMillis(lane.random()), beginConversation);
    }

    /** Counts the conversation that just ended; false when the user is no longer running. */
    private boolean closeConversation() {
        if (state != State.RUNNING) {
            return false;
        }
        inConversation = false;
        lastObservation = null; // what an assert step checks is of this conversation; kept, it would live through the think time
        lane.driver().conversationEnded(session);
        recordConversation(conversationOk ? "ok" : "failed");
        if (conversationOk) {
            counters().conversationsSucceeded++;
        } else {
            counters().conversationsFailed++;
        }
        judge.end();
        lane.recorder().userProgress(userId(), session.conversation(), false);
        return true;
    }

    /** With --record: the conversation's log goes with the lane's next report. */
    private void recordConversation(String outcome) {
        if (log != null) {
            lane.recorder().recordConversation(log.toJson(outcome, (System.nanoTime() - owner.startNanos()) / 1e6));
            log = null;
        }
    }

    private void finish() {
        if (state != State.RUNNING) {
            return;
        }
        state = State.FINISHED;
        cancelTimer();
        session.releaseConnection();
        session.replies().close();
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
        owner.wakeups().schedule(wakeup, intendedNanos, action);
    }

    private void cancelTimer() {
        owner.wakeups().cancel(wakeup);
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
