package io.stampede.demo;

import java.util.SplittableRandom;

/**
 * Simulated latency of each pipeline node: lognormal, the shape real service latencies
 * have (a firm floor, a long right tail), given by its median and sigma. A sample is
 * {@code median * exp(sigma * z) * scale} with z standard normal, clamped to ±3.5 so a rare
 * draw cannot stall a demo for minutes. Values are rounded to 0.1 ms: the trace carries
 * exactly the number the agent waited for.
 *
 * <p>Compose time grows with the reply, as generation does: {@link #compose(int)}, by the
 * token pace ({@code msPerToken}, 2 ms by default: 500 tokens/s).
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
    static final double DEFAULT_MS_PER_TOKEN = 2.0;
    private static final double COMPOSE_SIGMA = 0.25;
    private static final double MAX_Z = 3.5;

    private final double scale;
    private final double msPerToken;

    LatencyModel(double scale) {
        this(scale, DEFAULT_MS_PER_TOKEN);
    }

    LatencyModel(double scale, double msPerToken) {
        this.scale = scale;
        this.msPerToken = msPerToken;
    }

    /** The compose call: a fixed part plus the token pace per output token (about 350 ms for 100 tokens at 2 ms). */
    Profile compose(int outputTokens) {
        return new Profile(COMPOSE_BASE_MS + msPerToken * outputTokens, COMPOSE_SIGMA);
    }

    /**
     * The part of a compose call spent before its first token (the fixed part, in proportion),
     * for streaming: the rest is spread over the tokens.
     */
    double firstTokenMs(double composeMs, int outputTokens) {
        return composeMs * COMPOSE_BASE_MS / (COMPOSE_BASE_MS + msPerToken * outputTokens);
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
