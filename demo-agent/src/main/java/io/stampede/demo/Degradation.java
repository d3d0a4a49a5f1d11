package io.stampede.demo;

import io.vertx.core.Vertx;

/**
 * How the demo agent degrades under load, like a real one: past a concurrency of {@code above}
 * turns in flight its LLM calls slow down ({@code 1 + (c − above) / above} times slower, so twice
 * as slow at twice the concurrency), and further on — past 1.25 × {@code above} — it starts to
 * make mistakes: a turn skips its tool or mistakes the intent, with a chance that grows with the
 * concurrency (half of the excess over that point, relative to it, at most 60 %).
 *
 * <p>Seeded and deterministic: whether a turn goes wrong, and how, is a hash of the seed, the
 * conversation and the turn number compared with that chance, so the same conversation at the same
 * concurrency always fails the same way. 0 turns the degradation off (the default).
 *
 * <p>The concurrency counts turns from their arrival until their answer's planned end, on the
 * agent's event loop (no lock).
 */
final class Degradation {
    /** How a degraded turn goes wrong. */
    enum Mistake { NONE, SKIP_TOOL, WRONG_INTENT }

    /** What degradation does to one turn: how much slower its LLM calls are, and its mistake. */
    record Effect(double llmSlowdown, Mistake mistake) {
        static final Effect NONE = new Effect(1, Mistake.NONE);
    }

    static final double MISTAKES_FROM = 1.25;
    static final double MAX_MISTAKE_CHANCE = 0.6;

    private final Vertx vertx;
    private final long seed;
    private int inFlight;

    Degradation(Vertx vertx, long seed) {
        this.vertx = vertx;
        this.seed = seed;
    }

    /** The effect on a turn that arrives now, with this turn counted; {@code above} ≤ 0: none. */
    Effect arrive(int above, String conversationId, int turn) {
        int c = inFlight + 1;
        if (above <= 0 || c <= above) {
            return Effect.NONE;
        }
        double slowdown = 1 + (double) (c - above) / above;
        return new Effect(slowdown, mistake(mistakeChance(above, c), conversationId, turn));
    }

    /** A turn whose answer ends {@code latencyMs} from now: in flight until then. */
    void hold(double latencyMs) {
        inFlight++;
        long delay = (long) Math.ceil(latencyMs);
        if (delay < 1) {
            inFlight--;
        } else {
            vertx.setTimer(delay, id -> inFlight--);
        }
    }

    static double mistakeChance(int above, int concurrency) {
        double from = MISTAKES_FROM * above;
        return concurrency <= from ? 0 : Math.min(MAX_MISTAKE_CHANCE, 0.5 * (concurrency - from) / from);
    }

    private Mistake mistake(double chance, String conversationId, int turn) {
        if (chance <= 0) {
            return Mistake.NONE;
        }
        long h = mix(seed ^ mix(conversationId.hashCode() * 31L + turn));
        double u = (h >>> 11) * 0x1.0p-53;
        if (u >= chance) {
            return Mistake.NONE;
        }
        return (h & 1) == 0 ? Mistake.SKIP_TOOL : Mistake.WRONG_INTENT;
    }

    /** SplitMix64's finaliser: a well-spread 64-bit hash. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
