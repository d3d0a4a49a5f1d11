package io.stampede.otlp;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Sends every accepted request on to the team's own collector ({@code --otlp-forward}), as it
 * came (same bytes, content type and encoding), so a load test does not blind their
 * observability. Never holds up the agent: the answer to the agent does not wait for the
 * forward, at most {@link #MAX_IN_FLIGHT} forwards are under way and beyond that a request is
 * not forwarded (counted in {@link #dropped()}); failures are counted and logged once a minute.
 */
final class OtlpForwarder {
    private static final Logger LOG = LoggerFactory.getLogger(OtlpForwarder.class);
    static final int MAX_IN_FLIGHT = 32;
    private static final long LOG_EVERY_MS = 60_000;

    private final HttpClient client;
    private final String url;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile long lastLogMs;

    OtlpForwarder(Vertx vertx, String url) {
        this.url = url;
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5000).setIdleTimeout(60),
                new PoolOptions().setHttp1MaxSize(8));
    }

    void forward(byte[] body, String contentType, String contentEncoding) {
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url).setTimeout(10_000)
                .putHeader("content-type", contentType);
        if (contentEncoding != null) {
            request.putHeader("content-encoding", contentEncoding);
        }
        client.request(request)
                .compose(r -> r.send(Buffer.buffer(body)))
                .onComplete(ar -> {
                    inFlight.decrementAndGet();
                    if (ar.succeeded() && ar.result().statusCode() / 100 == 2) {
                        forwarded.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        warn(ar.succeeded() ? "HTTP " + ar.result().statusCode() : ar.cause().getMessage());
                    }
                });
    }

    private void warn(String why) {
        long now = System.currentTimeMillis();
        if (now - lastLogMs > LOG_EVERY_MS) {
            lastLogMs = now;
            LOG.warn("OTLP forward to {} failed ({}); {} failed so far, {} forwarded", url, why, failed.get(), forwarded.get());
        }
    }

    long forwarded() {
        return forwarded.get();
    }

    long dropped() {
        return dropped.get();
    }

    long failed() {
        return failed.get();
    }

    void close() {
        client.close();
    }
}
