package io.stampede.otlp;

/**
 * Settings of the OTLP receiver, defaults in one place.
 */
public final class OtlpOptions {
    private String host = "127.0.0.1";
    private int port = 4318;
    private int maxBodyBytes = 16 * 1024 * 1024;
    private long maxPendingBytes = 64L * 1024 * 1024;
    private String forwardUrl;

    public String host() {
        return host;
    }

    public OtlpOptions host(String host) {
        this.host = host;
        return this;
    }

    /** 4318 is OTLP/HTTP's own port; 0 takes a free one. */
    public int port() {
        return port;
    }

    public OtlpOptions port(int port) {
        this.port = port;
        return this;
    }

    /** A request's body at most, as sent and once gunzipped (413 beyond). */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    public OtlpOptions maxBodyBytes(int bytes) {
        this.maxBodyBytes = bytes;
        return this;
    }

    /**
     * Bytes of all requests being read and decoded at once, gunzipped ones counted twice: past
     * it a request is answered 503 with {@code Retry-After} (exporters retry), so a flood costs
     * this much memory, not more.
     */
    public long maxPendingBytes() {
        return maxPendingBytes;
    }

    public OtlpOptions maxPendingBytes(long bytes) {
        this.maxPendingBytes = bytes;
        return this;
    }

    /** Where every accepted request is also sent, as it came (the team's own collector), or null. */
    public String forwardUrl() {
        return forwardUrl;
    }

    public OtlpOptions forwardUrl(String url) {
        this.forwardUrl = url;
        return this;
    }
}
