package io.stampede.demo;

import java.util.SplittableRandom;

/**
 * Simulated latency of each pipeline node: lognormal, the shape real service latencies
 * have (a firm floor, a long right tail), given by its median and sigma. A sample is
 * {@code median * exp(sigma * z) * scale} with z standard normal, clamped to ±3.5 so a rare
 * draw cannot stall a demo for minutes. Values are rounded to 0.1 ms: the trace carries
 * exactly the number the agent waited for.
 *
 * <p>Compose time grows with the reply, as generation does: {@link #compose(int)}.
 * Sampling allocates nothing; the random source is the caller's, confined to its event loop.
 */
final class LatencyModel {
    /** Median and spread (sigma of the underlying normal) of one node's latency, in ms. */
    record Profile(double medianMs, double sigma) {
    }

    static final Profile MEMORY = new Profile(2, 0.3);
    static final Profile RAG = new Profile(35, 0.4);
    static final Profile TOOL = new Profile(30, 0.5);
    static final Profile CLASSIFY = new Profile(120, 0.25);
    private static final double COMPOSE_BASE_MS = 150;
    private static final double COMPOSE_MS_PER_OUTPUT_TOKEN = 2.0;
    private static final double COMPOSE_SIGMA = 0.25;
    private static final double MAX_Z = 3.5;

    private final double scale;

    LatencyModel(double scale) {
        this.scale = scale;
    }

    /** The compose call: a fixed part plus 2 ms per output token (about 350 ms for 100 tokens). */
    static Profile compose(int outputTokens) {
        return new Profile(COMPOSE_BASE_MS + COMPOSE_MS_PER_OUTPUT_TOKEN * outputTokens, COMPOSE_SIGMA);
    }

    /**
     * The part of a compose call spent before its first token (the fixed part, in proportion),
     * for streaming: the rest is spread over the tokens.
     */
    static double firstTokenMs(double composeMs, int outputTokens) {
        return composeMs * COMPOSE_BASE_MS / (COMPOSE_BASE_MS + COMPOSE_MS_PER_OUTPUT_TOKEN * outputTokens);
    }

    /** One scaled sample in ms, rounded to 0.1; always 0 when the scale is 0. */
    double sample(Profile profile, SplittableRandom random) {
        if (scale == 0) {
            return 0;
        }
        double z = Math.max(-MAX_Z, Math.min(MAX_Z, random.nextGaussian()));
        double ms = profile.medianMs() * Math.exp(profile.sigma() * z) * scale;
        return Math.round(ms * 10) / 10.0;
    }
}
