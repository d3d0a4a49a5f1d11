package io.stampede.protocol.http;

import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

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

    /** A response body larger than this fails the step instead of filling the heap. */
    public static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final HttpClient client;
    private final Http1Client lean;
    private final Endpoint endpoint;
    private final Map<String, Template> headers;

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

    /** Status, body and arrival time of a response; {@code error} set when there is none. */
    public record Raw(int status, Buffer body, String contentType, long endNanos, String error) {
    }

    /**
     * Sends a request; the future always succeeds (a failure is a {@link Raw} with an error).
     *
     * @param path        relative to the base URL, or an absolute http(s) URL
     * @param contentType of {@code body}, or null when there is no body
     */
    public Future<Raw> exchange(UserSession session, HttpMethod method, String path, Map<String, String> extraHeaders,
                                Buffer body, String contentType) {
        if (lean != null && !Endpoint.isAbsolute(path)) {
            return lean.exchange(session, method, path, extraHeaders, body, contentType);
        }
        // On the pooled client: callbacks into one promise, not a chain of futures.
        Promise<Raw> result = Promise.promise();
        pooled(session, method, path, extraHeaders, body, contentType,
                failure -> result.tryComplete(new Raw(0, null, null, System.nanoTime(), failure)),
                (request, response) -> receive(request, response, result));
        return result.future();
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

    /** Reads a response whole into {@code result}, refusing bodies over {@link #MAX_BODY_BYTES}. */
    private static void receive(HttpClientRequest request, HttpClientResponse response, Promise<Raw> result) {
        int status = response.statusCode();
        String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && parseLength(length) > MAX_BODY_BYTES) {
            request.reset();
            result.tryComplete(new Raw(status, null, null, System.nanoTime(),
                    "response body of " + length + " bytes is over the " + MAX_BODY_BYTES + " byte limit"));
            return;
        }
        String type = response.getHeader(HttpHeaders.CONTENT_TYPE);
        BodyCollector body = new BodyCollector();
        response.handler(chunk -> {
            if (!body.add(chunk, MAX_BODY_BYTES)) {
                request.reset();
                result.tryComplete(new Raw(status, null, null, System.nanoTime(),
                        "response body is over the " + MAX_BODY_BYTES + " byte limit"));
            }
        });
        response.exceptionHandler(e -> result.tryComplete(failed(e)));
        response.endHandler(v -> result.tryComplete(new Raw(status, body.buffer(), type, System.nanoTime(), null)));
    }

    /** A body in one piece: the first chunk is kept as it came (most bodies are one chunk), later ones appended. */
    private static final class BodyCollector {
        private Buffer buffer;
        private boolean owned;

        /** False once the body is over {@code maxBytes}. */
        boolean add(Buffer chunk, int maxBytes) {
            if (buffer == null) {
                buffer = chunk;
            } else {
                if (buffer.length() + chunk.length() > maxBytes) {
                    return false;
                }
                if (!owned) {
                    buffer = Buffer.buffer(Math.max(256, (buffer.length() + chunk.length()) * 2)).appendBuffer(buffer);
                    owned = true;
                }
                buffer.appendBuffer(chunk);
            }
            return buffer.length() <= maxBytes;
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

    private static long parseLength(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A plain sentence for a transport failure (connection refused, reset, TLS…). */
    public static String describe(Throwable failure) {
        return NetworkErrors.describe(failure);
    }
}
