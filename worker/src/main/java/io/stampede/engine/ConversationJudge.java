package io.stampede.engine;

import java.util.Arrays;
import java.util.Locale;

import io.stampede.metrics.MetricKey;
import io.stampede.scenario.Slo;

/**
 * Judges one user's conversations as they run: a conversation is <em>good</em> when every step
 * passed (its checks, its transport and status) and every objective of {@code slo:} held, per turn
 * and for the conversation as a whole. At its end the verdict is recorded into
 * {@code conversation:all}: ok when good, its time to resolution as latency, its tokens, and the
 * first thing that made it not good as its reason ({@code check <step> <label>},
 * {@code error <step>: …}, {@code slo turn.<limit> … at <step>}, {@code slo conversation.<limit> …}).
 *
 * <p>With {@code load.repeat: k}, conversations are attempts of tasks of k: a task whose k attempts
 * all ran here is recorded into {@code conversation:pass_k} (ok when all k were good, else the
 * reason "passed c of k") and, per step, into {@code passk:<step>} (a step passes an attempt when
 * it ran, passed and kept the turn objectives).
 *
 * <p>On the user's event loop; recording allocates only for a new reason text.
 */
final class ConversationJudge {
    private final Goodput goodput;
    private final boolean[] stepPassed;
    private final int[] stepPasses;

    private long firstIntendedNanos;
    private long lastEndNanos;
    private long worstTtftMicros;
    private long inputTokens;
    private long outputTokens;
    private String firstReason;
    private boolean anyStep;

    /** Attempts of the current task seen by this user, and how many were good. */
    private int attempts;
    private int goodAttempts;

    ConversationJudge(Goodput goodput, int steps) {
        this.goodput = goodput;
        this.stepPassed = new boolean[steps];
        this.stepPasses = new int[steps];
    }

    /** A conversation begins; {@code number} counts the user's conversations from 1 (attempt {@code (number-1) mod k}). */
    void begin(int number) {
        firstIntendedNanos = 0;
        lastEndNanos = 0;
        worstTtftMicros = -1;
        inputTokens = 0;
        outputTokens = 0;
        firstReason = null;
        anyStep = false;
        Arrays.fill(stepPassed, false);
        if ((number - 1) % goodput.repeat() == 0) {
            attempts = 0;
            goodAttempts = 0;
            Arrays.fill(stepPasses, 0);
        } else if (attempts == 0) {
            attempts = -1; // this task began elsewhere (a lost worker): it is not counted
        }
    }

    /** One step was judged. */
    void step(int index, String stepName, StepVerdict verdict) {
        String breach = null;
        if (verdict.measured()) {
            breach = turnBreach(verdict, stepName);
            if (!anyStep) {
                firstIntendedNanos = verdict.intendedNanos();
                anyStep = true;
            }
            lastEndNanos = Math.max(lastEndNanos, verdict.endNanos());
            long ttft = verdict.observation().ttftMicros();
            if (ttft >= 0) {
                worstTtftMicros = Math.max(worstTtftMicros, ttft);
            }
            inputTokens += verdict.observation().usage().inputTokens();
            outputTokens += verdict.observation().usage().outputTokens();
        }
        note(verdict.conversationReason(stepName));
        note(breach);
        stepPassed[index] = verdict.ok() && breach == null;
    }

    /** The conversation completed (not interrupted): its verdict is recorded. */
    void end() {
        String reason = firstReason != null ? firstReason : conversationBreach();
        boolean good = reason == null;
        long resolutionMicros = anyStep ? Math.max(0, (lastEndNanos - firstIntendedNanos) / 1000) : -1;
        goodput.conversations().record(resolutionMicros, good);
        goodput.conversations().addTokens(inputTokens, outputTokens);
        if (!good) {
            goodput.conversations().addFailure(reason);
        }
        if (goodput.repeat() > 1 && attempts >= 0) {
            attempt(good);
        }
    }

    private void attempt(boolean good) {
        int k = goodput.repeat();
        attempts++;
        if (good) {
            goodAttempts++;
        }
        for (int i = 0; i < stepPassed.length; i++) {
            if (stepPassed[i]) {
                stepPasses[i]++;
            }
        }
        if (attempts < k) {
            return;
        }
        record(goodput.tasks(), goodAttempts, k);
        for (int i = 0; i < stepPasses.length; i++) {
            if (goodput.stepTasks()[i] != null) {
                record(goodput.stepTasks()[i], stepPasses[i], k);
            }
        }
        attempts = 0;
    }

    private static void record(io.stampede.metrics.KeyStats key, int passed, int k) {
        key.record(-1, passed == k);
        if (passed < k) {
            key.addFailure(MetricKey.attemptsPassed(passed, k));
        }
    }

    private void note(String reason) {
        if (firstReason == null && reason != null) {
            firstReason = reason;
        }
    }

    /** The first per-turn objective this exchange missed, or null. */
    private String turnBreach(StepVerdict v, String step) {
        Slo.Turn slo = goodput.slo().turn();
        String at = " at " + step;
        if (over(v.observation().latencyMicros(), slo.latencyMs())) {
            return "slo turn.latency > " + ms(slo.latencyMs()) + at;
        }
        if (over(v.observation().ttftMicros(), slo.ttftMs())) {
            return "slo turn.ttft > " + ms(slo.ttftMs()) + at;
        }
        if (over(v.maxGapMicros(), slo.itlMs())) {
            return "slo turn.itl > " + ms(slo.itlMs()) + at;
        }
        if (over(v.tpotMicros(), slo.tpotMs())) {
            return "slo turn.tpot > " + ms(slo.tpotMs()) + at;
        }
        if (slo.tokens() != null && v.observation().usage().outputTokens() > slo.tokens()) {
            return "slo turn.tokens > " + slo.tokens() + at;
        }
        return null;
    }

    /** The first objective of the whole conversation it missed, or null. */
    private String conversationBreach() {
        Slo.Conversation slo = goodput.slo().conversation();
        if (anyStep && over((lastEndNanos - firstIntendedNanos) / 1000, slo.timeToResolutionMs())) {
            return "slo conversation.time_to_resolution > " + ms(slo.timeToResolutionMs());
        }
        if (over(worstTtftMicros, slo.worstTurnTtftMs())) {
            return "slo conversation.worst_turn_ttft > " + ms(slo.worstTurnTtftMs());
        }
        if (slo.tokens() != null && inputTokens + outputTokens > slo.tokens()) {
            return "slo conversation.tokens > " + slo.tokens();
        }
        if (slo.cost() != null && goodput.pricing() != null && goodput.pricing().cost(inputTokens, outputTokens) > slo.cost()) {
            return "slo conversation.cost > " + slo.cost();
        }
        return null;
    }

    /** A measured value (µs; negative: not measured) above a limit in ms (null: none). */
    private static boolean over(long micros, Double limitMs) {
        return limitMs != null && micros >= 0 && micros > limitMs * 1000;
    }

    private static String ms(double ms) {
        if (ms >= 1000 && ms % 1000 == 0) {
            return (long) (ms / 1000) + "s";
        }
        return ms == Math.rint(ms) ? (long) ms + "ms" : String.format(Locale.ROOT, "%.1fms", ms);
    }
}
