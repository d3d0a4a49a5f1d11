package io.stampede.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.vertx.core.net.KeyCertOptions;

/**
 * Settings of the coordinator's HTTP API, with defaults in one place: loopback, port 8080, no
 * token. A token is required to listen beyond loopback unless {@link #insecure(boolean)} says
 * otherwise (docs/API.md, "Security").
 */
public final class ApiOptions {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_BODY_LIMIT = 8L * 1024 * 1024;

    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private String token;
    private String readToken;
    private boolean insecure;
    private boolean openReads;
    private boolean protectReads;
    private KeyCertOptions tls;
    private int submitsPerMinute = 60;
    private long bodyLimit = DEFAULT_BODY_LIMIT;
    private Map<String, String> environment = Map.of();
    private final List<RouteContributor> contributors = new ArrayList<>();

    public String host() {
        return host;
    }

    /** The address to listen on; anything but loopback needs a token (or {@link #insecure(boolean)}). */
    public ApiOptions host(String host) {
        this.host = host;
        return this;
    }

    public int port() {
        return port;
    }

    /** 0 picks a free port; {@link HttpApi#port()} tells which. */
    public ApiOptions port(int port) {
        this.port = port;
        return this;
    }

    /** The bearer token mutating calls need, or null for none. */
    public String token() {
        return token;
    }

    public ApiOptions token(String token) {
        this.token = token == null || token.isEmpty() ? null : token;
        return this;
    }

    /**
     * A token that may read (runs, results, events, the feed, compare, {@code /metrics}) but
     * change nothing: for dashboards and scrapers. The {@link #token} may read too.
     */
    public String readToken() {
        return readToken;
    }

    public ApiOptions readToken(String token) {
        this.readToken = token == null || token.isEmpty() ? null : token;
        return this;
    }

    /**
     * Whether reading needs a token: yes beyond loopback (results hold the agent's replies),
     * unless {@link #openReads} or {@link #insecure}; never on loopback.
     */
    public boolean readsNeedToken() {
        return protectReads || !RequestGuard.isLoopback(host) && !openReads && !insecure;
    }

    /** Reads need a token even on loopback (a machine shared with other users). */
    public ApiOptions protectReads(boolean protect) {
        this.protectReads = protect;
        return this;
    }

    /** Beyond loopback, lets anyone who reaches the port read runs and results (changes still need the token). */
    public ApiOptions openReads(boolean open) {
        this.openReads = open;
        return this;
    }

    /** The API's TLS key and certificate (PEM or PKCS#12), or null for plain HTTP. */
    public KeyCertOptions tls() {
        return tls;
    }

    public ApiOptions tls(KeyCertOptions keyCert) {
        this.tls = keyCert;
        return this;
    }

    /** How many runs {@code POST /api/runs} accepts per minute, from all callers together; more get 429. */
    public int submitsPerMinute() {
        return submitsPerMinute;
    }

    public ApiOptions submitsPerMinute(int n) {
        this.submitsPerMinute = Math.max(1, n);
        return this;
    }

    public boolean insecure() {
        return insecure;
    }

    /** Allows listening beyond loopback without a token: anyone who reaches the port can start load. */
    public ApiOptions insecure(boolean insecure) {
        this.insecure = insecure;
        return this;
    }

    /** Largest request body in bytes (a scenario with its CSV rows); larger ones get 413. */
    public long bodyLimit() {
        return bodyLimit;
    }

    public ApiOptions bodyLimit(long bytes) {
        this.bodyLimit = bytes;
        return this;
    }

    /**
     * What {@code ${VAR}} in a posted scenario may resolve to, under the request's own {@code env}.
     * Empty by default: the coordinator's process environment is never readable by an API caller
     * (a scenario could otherwise send {@code ${AWS_SECRET_ACCESS_KEY}} to a URL of its choice).
     */
    public Map<String, String> environment() {
        return environment;
    }

    public ApiOptions environment(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        return this;
    }

    public List<RouteContributor> contributors() {
        return List.copyOf(contributors);
    }

    /** Adds routes of another package (dashboard, compare, metrics). */
    public ApiOptions addContributor(RouteContributor contributor) {
        contributors.add(contributor);
        return this;
    }
}
