package io.stampede.protocol.http;

import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.stampede.limits.ReplyBudget;
import io.stampede.protocol.ReplyPolicy;
import io.stampede.protocol.UserSession;
import io.stampede.scenario.Target;
import io.stampede.template.Template;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * HTTP exchanges for the virtual users of one lane: target headers rendered for the user,
 * cookies, traceparent, the exchange in flight registered so the engine can time it out.
 *
 * <p>{@link #exchange} (a request and its whole answer) and {@link #stream} (an answer read as
 * it arrives) go through the lean client ({@link Http1Client}: one keep-alive connection per
 * user on the lane's event loop, shared by the user's plain and streamed exchanges) when the
 * lane has one and the path is relative to the target; an absolute URL, or a lane without
 * it, uses the lane's pooled Vert.x client. Lives on one lane's event loop.
 */
public final class HttpTransport {
    private static final CharSequence TRACEPARENT = HttpHeaders.createOptimized("traceparent");

    /**
     * Bytes kept at least of an answer whose status is not 2xx, whatever its exchange keeps of a
     * 2xx one: the server's own error text, for the failure's detail.
     */
    public static final int ERROR_EXCERPT_BYTES = 4096;

    private final HttpClient client;
    private final Http1Client lean;
    private final Endpoint endpoint;
    private final Map<String, Template> headers;
    private final ReplyPolicy replies;

    /** Every exchange on the pooled Vert.x client. */
    public HttpTransport(HttpClient client, Target target) {
        this(client, null, target);
    }

    /** @param lean the lane's lean client for exchanges with the target, or null */
    public HttpTransport(HttpClient client, Http1Client lean, Target target) {
        this.client = client;
        this.lean = lean;
        this.endpoint = Endpoint.parse(target.baseUrl());
        this.headers = target.headers();
        this.replies = ReplyPolicy.of(target);
    }

    /** How much of a reply is kept, and what counts the tokens the target does not report. */
    public ReplyPolicy replies() {
        return replies;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** Closes what the transport opened itself: the lean client's connections. */
    public void close() {
        if (lean != null) {
            lean.close();
        }
    }

    /**
     * Status, body and arrival time of a response; {@code error} set when there is none.
     * {@code body} holds what the exchange kept of the body: all of its {@code length} bytes, or
     * only their start ({@link #cut}).
     */
    public record Raw(int status, Buffer body, long length, String contentType, long endNanos, String error) {
        /** A response whose body was kept whole (or that has none). */
        public Raw(int status, Buffer body, String contentType, long endNanos, String error) {
            this(status, body, body == null ? 0 : body.length(), contentType, endNanos, error);
        }

        /** Only the start of the body was kept. */
        public boolean cut() {
            return body != null && body.length() < length;
        }
    }

    /**
     * Sends a request and keeps up to {@code target.max_reply_bytes} of its answer's body: see
     * {@link #exchange(UserSession, HttpMethod, String, Map, Buffer, String, int)}.
     */
    public Future<Raw> exchange(UserSession session, HttpMethod method, String path, Map<String, String> extraHeaders,
                                Buffer body, String contentType) {
        return exchange(session, method, path, extraHeaders, body, contentType, replies.maxBytes());
    }

    /**
     * Sends a request; the future always succeeds (a failure is a {@link Raw} with an error). The
     * answer's body is read to its end (the connection stays usable) but only its first
     * {@code keep} bytes are kept — at least {@link #ERROR_EXCERPT_BYTES} when the status is not
     * 2xx —; the rest is counted ({@link Raw#length}) and dropped. {@code keep} 0: a body nobody
     * reads is never buffered.
     *
     * @param path        relative to the base URL, or an absolute http(s) URL
     * @param contentType of {@code body}, or null when there is no body
     */
    public Future<Raw> exchange(UserSession session, HttpMethod method, String path, Map<String, String> extraHeaders,
                                Buffer body, String contentType, int keep) {
        if (lean != null && !Endpoint.isAbsolute(path)) {
            return lean.exchange(session, method, path, extraHeaders, body, contentType, keep);
        }
        // On the pooled client: callbacks into one promise, not a chain of futures.
        Promise<Raw> result = Promise.promise();
        pooled(session, method, path, extraHeaders, body, contentType,
                failure -> result.tryComplete(new Raw(0, null, null, System.nanoTime(), failure)),
                (request, response) -> receive(request, response, keep, session.replies(), result));
        return result.future();
    }

    /** Bytes to keep of a body: {@code keep} for a 2xx answer, at least an excerpt of any other. */
    public static int keeping(int status, int keep) {
        return status / 100 == 2 ? keep : Math.max(keep, ERROR_EXCERPT_BYTES);
    }

    /**
     * One request on the pooled Vert.x client: registered as in flight, cookies of the answer
     * stored; {@code onResponse} gets the answer's head (its body not read yet), {@code onFailure}
     * a plain sentence when there is no answer.
     */
    private void pooled(UserSession session, HttpMethod method, String path, Map<String, String> extraHeaders,
                        Buffer body, String contentType, Consumer<String> onFailure,
                        BiConsumer<HttpClientRequest, HttpClientResponse> onResponse) {
        RequestOptions options = requestOptions(session, method, path, extraHeaders, contentType);
        String host = options.getHost();
        client.request(options).onComplete(opened -> {
            if (opened.failed()) {
                onFailure.accept(describe(opened.cause()));
                return;
            }
            HttpClientRequest request = opened.result();
            session.inFlight(request::reset);
            request.response().onComplete(answered -> {
                if (answered.failed()) {
                    onFailure.accept(describe(answered.cause()));
                    return;
                }
                HttpClientResponse response = answered.result();
                if (!response.cookies().isEmpty()) {
                    session.storeCookies(host, response.cookies());
                }
                onResponse.accept(request, response);
            });
            if (body == null) {
                request.end();
            } else {
                request.end(body);
            }
        });
    }

    private static Raw failed(Throwable failure) {
        return new Raw(0, null, null, System.nanoTime(), describe(failure));
    }

    /** Reads a response to its end into {@code result}, keeping the start of its body (see {@link #exchange}). */
    private static void receive(HttpClientRequest request, HttpClientResponse response, int keep, ReplyBudget.Claim budget,
                                Promise<Raw> result) {
        int status = response.statusCode();
        String type = response.getHeader(HttpHeaders.CONTENT_TYPE);
        BodyCollector body = new BodyCollector(keeping(status, keep), budget);
        response.handler(chunk -> {
            if (!result.future().isComplete() && !body.add(chunk)) {
                // The worker's replies together are at their bound: this one is cut, its turn fails.
                result.tryComplete(new Raw(0, null, null, System.nanoTime(), budget.reason()));
                request.reset();
            }
        });
        response.exceptionHandler(e -> result.tryComplete(failed(e)));
        response.endHandler(v -> result.tryComplete(new Raw(status, body.buffer(), body.length, type, System.nanoTime(),
                null)));
    }

    /**
     * The start of a body, up to {@code keep} bytes, and its length: the first chunk is kept as
     * it came when it fits (most bodies are one chunk), later ones appended, the rest counted.
     */
    private static final class BodyCollector {
        private final int keep;
        private final ReplyBudget.Claim budget;
        private Buffer buffer;
        private boolean owned;
        long length;

        BodyCollector(int keep, ReplyBudget.Claim budget) {
            this.keep = keep;
            this.budget = budget;
        }

        /** False when the part to keep does not fit the worker's reply budget (nothing of it is kept). */
        boolean add(Buffer chunk) {
            length += chunk.length();
            int kept = buffer == null ? 0 : buffer.length();
            int room = keep - kept;
            if (room <= 0) {
                return true;
            }
            Buffer part = chunk.length() <= room ? chunk : chunk.slice(0, room);
            if (!budget.grow(part.length())) {
                return false;
            }
            if (buffer == null && part == chunk) {
                buffer = chunk;
                return true;
            }
            if (!owned) {
                Buffer start = buffer;
                buffer = Buffer.buffer(Math.min(keep, Math.max(256, (kept + part.length()) * 2)));
                if (start != null) {
                    buffer.appendBuffer(start);
                }
                owned = true;
            }
            buffer.appendBuffer(part);
            return true;
        }

        Buffer buffer() {
            return buffer == null ? Buffer.buffer() : buffer;
        }
    }

    private RequestOptions requestOptions(UserSession session, HttpMethod method, String path, Map<String, String> extraHeaders,
                                          String contentType) {
        RequestOptions options = new RequestOptions().setMethod(method);
        String host;
        if (Endpoint.isAbsolute(path)) {
            options.setAbsoluteURI(path);
            host = options.getHost();
        } else {
            options.setHost(endpoint.host()).setPort(endpoint.port()).setSsl(endpoint.ssl()).setURI(endpoint.uri(path));
            host = endpoint.host();
        }
        MultiMap h = options.getHeaders();
        if (h == null) {
            h = MultiMap.caseInsensitiveMultiMap();
            options.setHeaders(h);
        }
        for (Map.Entry<String, Template> e : headers.entrySet()) {
            h.set(e.getKey(), e.getValue().render(session.variables()));
        }
        extraHeaders.forEach(h::set);
        if (contentType != null) {
            h.set(HttpHeaders.CONTENT_TYPE, contentType);
        }
        String cookie = session.cookieHeader(host);
        if (cookie != null) {
            h.set(HttpHeaders.COOKIE, cookie);
        }
        h.set(TRACEPARENT, session.traceparent());
        return options;
    }

    /**
     * Sends a request whose answer is read as it arrives (streams): head, reads, end or failure
     * go to {@code listener}, the reads stamped when they came off the socket. Cookies are
     * stored and the request is registered as in flight, as for {@link #exchange}, whose choice
     * of client this follows.
     *
     * @param path        relative to the base URL, or an absolute http(s) URL
     * @param contentType of {@code body}, or null when there is no body
     */
    public void stream(UserSession session, HttpMethod method, String path, Map<String, String> extraHeaders,
                       Buffer body, String contentType, BodyStream listener) {
        if (lean != null && !Endpoint.isAbsolute(path)) {
            lean.stream(session, method, path, extraHeaders, body, contentType, listener);
            return;
        }
        pooled(session, method, path, extraHeaders, body, contentType, listener::onFailure, (request, response) -> {
            listener.onHead(response.statusCode(), response.getHeader(HttpHeaders.CONTENT_TYPE), request::reset);
            response.handler(chunk -> listener.onChunk(chunk, System.nanoTime()));
            response.endHandler(v -> listener.onEnd(System.nanoTime()));
            response.exceptionHandler(e -> listener.onFailure(describe(e)));
        });
    }

    /** A plain sentence for a transport failure (connection refused, reset, TLS…). */
    public static String describe(Throwable failure) {
        return NetworkErrors.describe(failure);
    }
}
