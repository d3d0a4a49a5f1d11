package io.stampede.protocol.sse;

import java.util.Locale;
import java.util.Map;

import io.stampede.protocol.UserSession;
import io.stampede.protocol.http.HttpTransport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;

/**
 * One streamed HTTP exchange: sends the request, reads the event stream as it arrives (each
 * read stamped with {@link System#nanoTime()} when it came off the socket), frames it with
 * {@link SseParser} and hands each event to the dialect's {@link EventReader}.
 *
 * <p>The exchange ends, always with an {@link Outcome} (never a failed future):
 * <ul>
 * <li>at the terminal event: the turn is complete, its end is that event's arrival; the rest of
 * the body is drained, and a server that does not close the response within a second after
 * its terminal event gets its request reset so the connection is not held;</li>
 * <li>at an error event (an {@code {"error": ...}} inside a 200 stream): failed with its reason,
 * the request reset;</li>
 * <li>when the body ends without the terminal event, is cut mid-event, or the connection
 * breaks: failed, saying so;</li>
 * <li>when an event is over {@link #MAX_EVENT_BYTES} or the stream over {@link #MAX_STREAM_BYTES}:
 * failed, the request reset, nothing more kept — a hostile stream costs at most that much;</li>
 * <li>a response that is not 2xx, or 2xx but JSON rather than an event stream, is read whole
 * (bounded) and handed back as a plain body for the driver to judge.</li>
 * </ul>
 * An endless stream is ended by the engine's target timeout, which resets the request.
 *
 * <p>Runs on the lane's event loop; stateless apart from the transport.
 */
public final class StreamExchange {
    public static final int MAX_EVENT_BYTES = 1024 * 1024;
    public static final int MAX_STREAM_BYTES = HttpTransport.MAX_BODY_BYTES;
    /** Non-streamed answers (errors, JSON) are read up to this size. */
    static final int MAX_PLAIN_BYTES = HttpTransport.MAX_BODY_BYTES;
    static final long DRAIN_GRACE_MS = 1000;

    private final HttpTransport transport;

    public StreamExchange(HttpTransport transport) {
        this.transport = transport;
    }

    public HttpTransport transport() {
        return transport;
    }

    /**
     * How the exchange ended. {@code plainBody} is set when the answer was not an event stream
     * (an error status, or JSON); {@code error} when the transport or the stream failed.
     */
    public record Outcome(int status, String contentType, Buffer plainBody, long endNanos, String error) {
        public boolean streamed() {
            return plainBody == null;
        }
    }

    public Future<Outcome> send(UserSession session, HttpMethod method, String path, Map<String, String> headers,
                                Buffer body, EventReader reader, StreamTurn turn) {
        return transport.open(session, method, path, headers, body, body == null ? null : "application/json")
                .compose(response -> read(response, reader, turn))
                .otherwise(failure -> new Outcome(0, null, null, System.nanoTime(), HttpTransport.describe(failure)));
    }

    private Future<Outcome> read(HttpClientResponse response, EventReader reader, StreamTurn turn) {
        int status = response.statusCode();
        String type = response.getHeader(HttpHeaders.CONTENT_TYPE);
        HttpClientRequest request = response.request();
        if (status / 100 != 2 || isJson(type)) {
            return HttpTransport.readBody(request, response, MAX_PLAIN_BYTES)
                    .map(b -> new Outcome(status, type, b, System.nanoTime(), null))
                    .otherwise(f -> new Outcome(status, type, null, System.nanoTime(), HttpTransport.describe(f)));
        }
        return new Reading(status, type, request, response, reader, turn).promise.future();
    }

    static boolean isJson(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json");
    }

    /** The state of one stream being read. */
    private static final class Reading {
        final Promise<Outcome> promise = Promise.promise();
        final int status;
        final String type;
        final HttpClientRequest request;
        final EventReader reader;
        final StreamTurn turn;
        final SseParser parser;
        long bytes;
        boolean ended;

        Reading(int status, String type, HttpClientRequest request, HttpClientResponse response, EventReader reader,
                StreamTurn turn) {
            this.status = status;
            this.type = type;
            this.request = request;
            this.reader = reader;
            this.turn = turn;
            this.parser = new SseParser(this::onEvent, MAX_EVENT_BYTES);
            response.handler(this::onChunk);
            response.endHandler(v -> onEnd());
            response.exceptionHandler(this::onFailure);
        }

        void onChunk(Buffer chunk) {
            long nanos = System.nanoTime();
            if (promise.future().isComplete()) {
                return; // draining after the terminal event or a failure
            }
            bytes += chunk.length();
            if (bytes > MAX_STREAM_BYTES) {
                abandon("the stream is larger than " + MAX_STREAM_BYTES + " bytes (the limit per turn); it was abandoned"
                        + " after " + parser.events() + " events");
                return;
            }
            parser.feed(chunk, nanos);
            if (parser.error() != null) {
                abandon(parser.error());
            } else if (turn.failed()) {
                abandon(null);
            } else if (turn.isDone()) {
                complete(turn.doneNanos(), null);
                if (!ended) {
                    Vertx vertx = io.vertx.core.Vertx.currentContext() == null ? null
                            : io.vertx.core.Vertx.currentContext().owner();
                    if (vertx != null) {
                        vertx.setTimer(DRAIN_GRACE_MS, id -> {
                            if (!ended) {
                                request.reset();
                            }
                        });
                    }
                }
            }
        }

        void onEvent(String event, byte[] data, long nanos) {
            if (!turn.isDone() && !turn.failed()) {
                reader.onEvent(event, data, nanos, turn);
            }
        }

        void onEnd() {
            ended = true;
            long nanos = System.nanoTime();
            if (promise.future().isComplete()) {
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

        void onFailure(Throwable failure) {
            ended = true;
            if (!promise.future().isComplete()) {
                complete(System.nanoTime(), "the stream broke after " + parser.events() + " events: "
                        + HttpTransport.describe(failure));
            }
        }

        /** Stops reading now: the reason, or the turn's own failure when null. */
        void abandon(String reason) {
            complete(System.nanoTime(), reason);
            if (!ended) {
                request.reset();
            }
        }

        void complete(long endNanos, String error) {
            if (error != null) {
                turn.fail(error);
            }
            promise.tryComplete(new Outcome(status, type, null, endNanos, null));
        }
    }
}
