package io.stampede.protocol.sse;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.util.concurrent.ScheduledFuture;
import io.stampede.limits.ReplyBudget;
import io.stampede.protocol.UserSession;
import io.stampede.protocol.http.BodyStream;
import io.stampede.protocol.http.HttpTransport;
import io.stampede.sse.SseParser;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.internal.ContextInternal;

/**
 * One streamed HTTP exchange: sends the request, reads the event stream as it arrives (each
 * read stamped with {@link System#nanoTime()} when it came off the socket), frames it with
 * {@link SseParser} and hands each event to the dialect's {@link EventReader}.
 *
 * <p>The transport picks the client ({@link HttpTransport#stream}): the user's own keep-alive
 * connection of the lean client for the target's paths, the pooled Vert.x client for absolute
 * URLs or when the lean client is off; both feed the same {@link Reading}. To abandon a stream
 * is to reset its request (Vert.x) or close the user's channel (lean: its next request
 * reconnects); a stream read to its end leaves the user's connection open for the next one.
 *
 * <p>The exchange ends, always with an {@link Outcome} (never a failed future):
 * <ul>
 * <li>at the terminal event: the turn is complete, its end is that event's arrival; the rest of
 * the body is drained, and a server that does not end the response within a second after
 * its terminal event has the stream abandoned so the connection is not held;</li>
 * <li>at an error event (an {@code {"error": ...}} inside a 200 stream): failed with its reason,
 * the stream abandoned;</li>
 * <li>when the body ends without the terminal event, is cut mid-event, or the connection
 * breaks: failed, saying so;</li>
 * <li>when an event is over {@link #MAX_EVENT_BYTES}: failed, the stream abandoned;</li>
 * <li>a response that is not 2xx, or 2xx but JSON rather than an event stream, is read to its
 * end and handed back as a plain body for the driver to judge, of which the first
 * {@code target.max_reply_bytes} are kept and the rest counted.</li>
 * </ul>
 * A stream of any length is read as it arrives: what its turn keeps is bounded by the
 * {@link StreamTurn} ({@code target.max_reply_bytes} of text), the framing by
 * {@link #MAX_EVENT_BYTES}; the rest is counted and dropped. An endless stream is ended by the
 * engine's target timeout, which abandons it.
 *
 * <p>Runs on the lane's event loop; stateless apart from the transport.
 */
public final class StreamExchange {
    public static final int MAX_EVENT_BYTES = 1024 * 1024;
    static final long DRAIN_GRACE_MS = 1000;
    /**
     * Where a read is copied for the parser (the read may be a view of a direct buffer): one
     * array per event-loop thread, as large as its largest read, since the parser keeps nothing
     * of it past the call. One per stream would be copied at every young collection.
     */
    private static final ThreadLocal<byte[]> READS = ThreadLocal.withInitial(() -> new byte[4096]);

    private final HttpTransport transport;

    public StreamExchange(HttpTransport transport) {
        this.transport = transport;
    }

    public HttpTransport transport() {
        return transport;
    }

    /**
     * How the exchange ended. {@code plainBody} is set when the answer was not an event stream
     * (an error status, or JSON): what was kept of its {@code plainLength} bytes; {@code error}
     * when the transport or the stream failed.
     */
    public record Outcome(int status, String contentType, Buffer plainBody, long plainLength, long endNanos, String error) {
        public boolean streamed() {
            return plainBody == null;
        }
    }

    /** A turn as this exchange's transport keeps and counts replies. */
    public StreamTurn newTurn() {
        return new StreamTurn(transport.replies());
    }

    public Future<Outcome> send(UserSession session, HttpMethod method, String path, Map<String, String> headers,
                                Buffer body, EventReader reader, StreamTurn turn) {
        Reading reading = new Reading(reader, turn.budget(session.replies()), transport.replies().maxBytes(),
                session.replies());
        transport.stream(session, method, path, headers, body, body == null ? null : "application/json", reading);
        return reading.promise.future();
    }

    static boolean isJson(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json");
    }

    /** The state of one answer being read, whichever client carries it. */
    private static final class Reading implements BodyStream {
        final Promise<Outcome> promise = Promise.promise();
        final EventReader reader;
        /** The turn being read; let go of once the exchange completed (a drain after it must not hold the reply). */
        StreamTurn turn;
        final SseParser parser;
        final int maxReplyBytes;
        /** The user's share of the worker's reply budget, for a plain answer's kept bytes (the turn counts its own). */
        final ReplyBudget.Claim budget;
        int status;
        String type;
        Runnable abandon;
        /** The answer is not an event stream: the start of its body, and its length. */
        Buffer plain;
        long plainLength;
        /** The body ended, broke, or was given up ({@link #stop}: what the client reports after that is ignored). */
        boolean ended;
        /** Set while the body is drained after the terminal event: gives the stream up if it does not end in time. */
        ScheduledFuture<?> drainGrace;

        Reading(EventReader reader, StreamTurn turn, int maxReplyBytes, ReplyBudget.Claim budget) {
            this.reader = reader;
            this.budget = budget;
            this.turn = turn;
            this.maxReplyBytes = maxReplyBytes;
            this.parser = new SseParser(this::onEvent, MAX_EVENT_BYTES);
        }

        @Override
        public void onHead(int status, String type, Runnable abandon) {
            this.status = status;
            this.type = type;
            this.abandon = abandon;
            if (status / 100 != 2 || isJson(type)) {
                plain = Buffer.buffer();
            }
        }

        @Override
        public void onChunk(Buffer chunk, long nanos) {
            if (promise.future().isComplete()) {
                return; // draining after the terminal event or a failure
            }
            if (plain != null) {
                plainLength += chunk.length();
                int room = HttpTransport.keeping(status, maxReplyBytes) - plain.length();
                if (room > 0) {
                    Buffer part = chunk.length() <= room ? chunk : chunk.slice(0, room);
                    if (!budget.grow(part.length())) {
                        plain = null; // dropped: the budget took back what it counted
                        abandon(budget.reason());
                        return;
                    }
                    plain.appendBuffer(part); // a copy: the chunk may be a view of the read
                }
                return;
            }
            int n = chunk.length();
            byte[] read = READS.get();
            if (n > read.length) {
                read = new byte[Math.max(n, 2 * read.length)];
                READS.set(read);
            }
            chunk.getBytes(0, n, read, 0);
            parser.feed(read, n, nanos); // copies what it keeps
            if (parser.error() != null) {
                abandon(parser.error());
            } else if (turn.failed()) {
                abandon(null);
            } else if (turn.isDone()) {
                complete(turn.doneNanos(), null);
                if (!ended && Vertx.currentContext() instanceof ContextInternal context) {
                    // A task of the event loop, cancelled by the end: most ends come at once, and a
                    // timer left for its second would outlive young collections by the thousand.
                    drainGrace = context.nettyEventLoop().schedule(() -> {
                        if (!ended) {
                            stop();
                        }
                    }, DRAIN_GRACE_MS, TimeUnit.MILLISECONDS);
                }
            }
        }

        void onEvent(String event, byte[] data, long nanos) {
            if (!turn.isDone() && !turn.failed()) {
                reader.onEvent(event, data, nanos, turn);
            }
        }

        @Override
        public void onEnd(long nanos) {
            if (ended) {
                return;
            }
            markEnded();
            if (promise.future().isComplete()) {
                return;
            }
            if (plain != null) {
                promise.tryComplete(new Outcome(status, type, plain, plainLength, System.nanoTime(), null));
                return;
            }
            boolean whole = parser.finish(nanos);
            if (turn.failed() || turn.isDone()) {
                complete(turn.isDone() ? turn.doneNanos() : nanos, null);
            } else if (!whole) {
                complete(nanos, "the stream was cut in the middle of an event after " + parser.events()
                        + " events (no " + reader.terminal() + ")");
            } else if (reader.requiresTerminal()) {
                complete(nanos, "the stream ended without its terminal event (" + reader.terminal() + ") after "
                        + parser.events() + " events");
            } else {
                complete(nanos, null);
            }
        }

        @Override
        public void onFailure(String why) {
            if (ended) {
                return;
            }
            markEnded();
            if (promise.future().isComplete()) {
                return;
            }
            long nanos = System.nanoTime();
            if (abandon == null || plain != null) { // no answer, or not a stream
                promise.tryComplete(new Outcome(status, type, null, 0, nanos, why));
            } else {
                complete(nanos, "the stream broke after " + parser.events() + " events: " + why);
            }
        }

        /**
         * Stops reading now: the reason, or the turn's own failure when null. The connection is
         * given up first, so that a next request of the user, sent when the turn completes, does
         * not find this stream in its way.
         */
        void abandon(String reason) {
            stop();
            complete(System.nanoTime(), reason);
        }

        /** Gives the connection up under a stream still being read: nothing more arrives. */
        void stop() {
            if (!ended) {
                markEnded();
                abandon.run();
            }
        }

        /**
         * Nothing more is read: a drain grace still set is over, and let go of. This reading was
         * promoted during the stream; kept, the young task would be copied until promoted too.
         */
        private void markEnded() {
            ended = true;
            if (drainGrace != null) {
                drainGrace.cancel(false);
                drainGrace = null;
            }
        }

        void complete(long endNanos, String error) {
            if (error != null) {
                turn.fail(error);
            }
            promise.tryComplete(new Outcome(status, type, null, 0, endNanos, null));
            turn = null;
        }
    }
}
