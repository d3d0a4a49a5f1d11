package io.stampede.api;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stampede.feed.FeedEvent;
import io.stampede.feed.RunFeed;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * One client's SSE connection to one run's feed.
 *
 * <p>Threading: {@link #onEvent} is the feed listener; it runs on the publisher's thread (the
 * coordinator's context) under the feed's lock, so it only appends to a lock-free queue and, if
 * no drain is scheduled yet, schedules one on this connection's context. Everything that touches
 * the response runs on that context. The run therefore pays a queue append per subscriber and
 * event, whatever the clients do.
 *
 * <p>Backpressure: the drain writes while the connection's write queue has room and resumes on
 * its drain handler. A client that lets more than {@code maxPending} events pile up, or whose
 * queue has not moved for {@value #STALL_MS} ms, is disconnected: it reconnects with
 * {@code Last-Event-ID} and the feed's buffer gives it what it missed. After {@code done} the
 * stream ends.
 */
final class SseStream {
    static final long KEEP_ALIVE_MS = 15_000;
    static final long STALL_MS = 60_000;
    private static final Logger LOG = LoggerFactory.getLogger(SseStream.class);

    private final Vertx vertx;
    private final Context context;
    private final HttpServerResponse response;
    private final RoutingContext ctx;
    private final String runId;
    private final int maxPending;
    private final Queue<FeedEvent> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile boolean overflow;
    private volatile boolean finished;
    private Runnable unsubscribe = () -> { };
    private long keepAlive = -1;
    private long lastWriteMs = System.currentTimeMillis();

    SseStream(Vertx vertx, RoutingContext ctx, String runId, int maxPending) {
        this.vertx = vertx;
        this.ctx = ctx;
        this.context = vertx.getOrCreateContext();
        this.response = ctx.response();
        this.runId = runId;
        this.maxPending = maxPending;
    }

    /** Writes the stream head and starts relaying the feed after {@code lastEventId}; on the connection's context. */
    void open(RunFeed feed, long lastEventId) {
        unsubscribe = feed.subscribe(lastEventId, this::onEvent);
        if (feed.isClosed() && pending.isEmpty()) {
            // The client has seen everything, done included: 204 tells an EventSource to stop reconnecting.
            unsubscribe.run();
            response.setStatusCode(204).end();
            return;
        }
        head();
        response.closeHandler(v -> finish());
        keepAlive = vertx.setPeriodic(KEEP_ALIVE_MS, id -> keepAlive());
        scheduleDrain();
    }

    /** A run without a live feed (an earlier lifetime's): its {@code done} event, then the end. */
    void sendDoneOnly(long lastEventId, String doneJson) {
        head();
        write(new FeedEvent(lastEventId + 1, "done", doneJson));
        response.end();
    }

    private void head() {
        response.setStatusCode(200).setChunked(true)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                .putHeader("x-accel-buffering", "no");
        // Sent at once so the client sees the headers before the first event; retry: reconnect delay.
        response.write("retry: 2000\n: feed of run " + runId + "\n\n");
    }

    /** The feed listener: any thread, under the feed's lock; never blocks. */
    private void onEvent(FeedEvent event) {
        if (finished) {
            return;
        }
        if (pendingCount.incrementAndGet() > maxPending) {
            overflow = true;
        }
        pending.add(event);
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> drain());
        }
    }

    private void drain() {
        drainScheduled.set(false);
        if (response.closed()) {
            finish(); // gone before its close handler was set
        }
        if (finished) {
            return;
        }
        if (overflow) {
            disconnect("more than " + maxPending + " events waiting");
            return;
        }
        while (!response.writeQueueFull()) {
            FeedEvent event = pending.poll();
            if (event == null) {
                return;
            }
            pendingCount.decrementAndGet();
            write(event);
            if (event.type().equals("done")) {
                finish();
                response.end();
                return;
            }
        }
        response.drainHandler(v -> scheduleDrain());
    }

    private void write(FeedEvent event) {
        // The feed's JSON is one line; a line break inside would end the field, so each line gets its own data:.
        String data = event.json().indexOf('\n') < 0 ? event.json() : event.json().replace("\n", "\ndata: ");
        response.write("id: " + event.id() + "\nevent: " + event.type() + "\ndata: " + data + "\n\n");
        lastWriteMs = System.currentTimeMillis();
    }

    private void keepAlive() {
        if (finished) {
            return;
        }
        if (response.writeQueueFull()) {
            if (System.currentTimeMillis() - lastWriteMs > STALL_MS) {
                disconnect("nothing written for " + STALL_MS / 1000 + " s");
            }
            return;
        }
        response.write(": keep-alive\n\n");
        lastWriteMs = System.currentTimeMillis();
    }

    /** Drops a client that does not keep up; it reconnects with Last-Event-ID and misses nothing. */
    private void disconnect(String why) {
        LOG.info("run {}: disconnecting a slow feed client ({}): {}", runId, ctx.request().remoteAddress(), why);
        finish();
        ctx.request().connection().close();
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        unsubscribe.run();
        if (keepAlive >= 0) {
            vertx.cancelTimer(keepAlive);
        }
        pending.clear();
    }
}
