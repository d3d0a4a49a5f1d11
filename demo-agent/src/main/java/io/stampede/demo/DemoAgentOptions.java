package io.stampede.demo;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Settings of one {@link DemoAgent}: plain fluent setters, with every default in the field
 * initialisers below. Setters reject out-of-range values at once, so a bad command-line flag
 * fails before a server starts.
 *
 * <p>The seed defaults to a random value picked when the options are created; {@link #getSeed()}
 * always returns the seed in force, so a run can be logged and replayed.
 */
public final class DemoAgentOptions {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8700;
    public static final double DEFAULT_LATENCY_SCALE = 1.0;
    public static final double DEFAULT_ERROR_RATE = 0.0;
    public static final int DEFAULT_MAX_CONVERSATIONS = 100_000;
    public static final double DEFAULT_MS_PER_TOKEN = LatencyModel.DEFAULT_MS_PER_TOKEN;

    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private double latencyScale = DEFAULT_LATENCY_SCALE;
    private double errorRate = DEFAULT_ERROR_RATE;
    private long seed = ThreadLocalRandom.current().nextLong();
    private int maxConversations = DEFAULT_MAX_CONVERSATIONS;
    private double msPerToken = DEFAULT_MS_PER_TOKEN;
    private String otlpEndpoint;
    private int degradeAbove;

    public DemoAgentOptions() {
    }

    public DemoAgentOptions(DemoAgentOptions other) {
        this.host = other.host;
        this.port = other.port;
        this.latencyScale = other.latencyScale;
        this.errorRate = other.errorRate;
        this.seed = other.seed;
        this.maxConversations = other.maxConversations;
        this.msPerToken = other.msPerToken;
        this.otlpEndpoint = other.otlpEndpoint;
        this.degradeAbove = other.degradeAbove;
    }

    public String getHost() {
        return host;
    }

    /** Address to bind; {@code 0.0.0.0} to accept connections from other machines. */
    public DemoAgentOptions setHost(String host) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        this.host = host;
        return this;
    }

    public int getPort() {
        return port;
    }

    /** Port to bind; 0 picks a free ephemeral port (read it back with {@link DemoAgent#port()}). */
    public DemoAgentOptions setPort(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        this.port = port;
        return this;
    }

    public double getLatencyScale() {
        return latencyScale;
    }

    /** Multiplies every simulated latency: 1 is realistic, 0.1 ten times faster, 0 answers at once. */
    public DemoAgentOptions setLatencyScale(double latencyScale) {
        if (!(latencyScale >= 0) || Double.isInfinite(latencyScale)) {
            throw new IllegalArgumentException("latencyScale must be a finite number >= 0, got " + latencyScale);
        }
        this.latencyScale = latencyScale;
        return this;
    }

    public double getErrorRate() {
        return errorRate;
    }

    /**
     * Fraction (0..1) of chat turns that fail: half answer HTTP 500, half answer 200 with a
     * failed tool node and an apology.
     */
    public DemoAgentOptions setErrorRate(double errorRate) {
        if (!(errorRate >= 0 && errorRate <= 1)) {
            throw new IllegalArgumentException("errorRate must be between 0 and 1, got " + errorRate);
        }
        this.errorRate = errorRate;
        return this;
    }

    public long getSeed() {
        return seed;
    }

    /** Seed of all simulated randomness (latencies, failures, conversation ids). */
    public DemoAgentOptions setSeed(long seed) {
        this.seed = seed;
        return this;
    }

    public int getMaxConversations() {
        return maxConversations;
    }

    /** How many conversations are remembered; the least recently used one is forgotten first. */
    public DemoAgentOptions setMaxConversations(int maxConversations) {
        if (maxConversations < 1) {
            throw new IllegalArgumentException("maxConversations must be >= 1, got " + maxConversations);
        }
        this.maxConversations = maxConversations;
        return this;
    }

    public double getMsPerToken() {
        return msPerToken;
    }

    /**
     * The token pace: milliseconds of generation per output token before the latency scale
     * (2 by default, i.e. 500 tokens/s). Streams space their pieces by it; 50 gives a slow,
     * visibly streaming model.
     */
    public DemoAgentOptions setMsPerToken(double msPerToken) {
        if (!(msPerToken >= 0) || Double.isInfinite(msPerToken)) {
            throw new IllegalArgumentException("msPerToken must be a finite number >= 0, got " + msPerToken);
        }
        this.msPerToken = msPerToken;
        return this;
    }

    public String getOtlpEndpoint() {
        return otlpEndpoint;
    }

    /**
     * The OpenTelemetry-instrumented mode: {@code POST /chat} reports each turn as spans per the
     * GenAI conventions, exported by the OpenTelemetry SDK to this collector (its base URL, as
     * OTEL_EXPORTER_OTLP_ENDPOINT, e.g. http://127.0.0.1:4318), and its replies carry no trace
     * array. Null (the default): no spans, the trace array as before.
     */
    /**
     * Past this many turns in flight the agent degrades: its LLM calls slow down and, past 1.25 ×
     * as many, it skips tools and mistakes intents (seeded, deterministic); 0, the default, never.
     * A request's {@code X-Demo-Degrade-Above} header overrides it for that turn.
     */
    public DemoAgentOptions setDegradeAbove(int turnsInFlight) {
        if (turnsInFlight < 0) {
            throw new IllegalArgumentException("degrade-above must be 0 (never) or more, got " + turnsInFlight);
        }
        this.degradeAbove = turnsInFlight;
        return this;
    }

    public int getDegradeAbove() {
        return degradeAbove;
    }

    public DemoAgentOptions setOtlpEndpoint(String endpoint) {
        if (endpoint != null && !endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
            throw new IllegalArgumentException("otlpEndpoint must be an http:// or https:// URL, got " + endpoint);
        }
        this.otlpEndpoint = endpoint;
        return this;
    }

    @Override
    public String toString() {
        return "DemoAgentOptions{host=" + host + ", port=" + port + ", latencyScale=" + latencyScale
                + ", errorRate=" + errorRate + ", seed=" + seed + ", maxConversations=" + maxConversations + ", msPerToken=" + msPerToken
                + (otlpEndpoint == null ? "" : ", otlpEndpoint=" + otlpEndpoint) + "}";
    }
}
