package io.stampede.engine;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;

/**
 * A tiny HTTP server on a loopback ephemeral port that writes down every request as it arrives
 * (time, method, path, headers, body) and answers through a {@link Responder}: a fixed JSON
 * reply, a late one, none at all, or the real demo agent behind it ({@link #forwardTo}).
 * Virtual users send their id in the {@code X-User} header, so arrivals can be told apart.
 * It counts the connections it accepted and those still open.
 */
final class TestServer {
    /** One request as it arrived; {@code reply} is set once it was answered. */
    static final class Hit {
        final long atNanos;
        final long atMs;
        final String method;
        final String path;
        final MultiMap headers;
        final String body;
        volatile Reply reply;

        Hit(long atNanos, long atMs, String method, String path, MultiMap headers, String body) {
            this.atNanos = atNanos;
            this.atMs = atMs;
            this.method = method;
            this.path = path;
            this.headers = headers;
            this.body = body;
        }

        /** The virtual user's id from the X-User header, or -1. */
        int user() {
            String id = headers.get("X-User");
            return id == null ? -1 : Integer.parseInt(id);
        }

        @Override
        public String toString() {
            return method + " " + path + " user " + user() + " at " + atMs;
        }
    }

    record Reply(int status, String body, Map<String, String> headers) {
        Reply(int status, String body) {
            this(status, body, Map.of());
        }
    }

    interface Responder {
        Future<Reply> answer(Hit hit);
    }

    private final HttpServer server;
    private final List<Hit> hits = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();

    private TestServer(HttpServer server) {
        this.server = server;
    }

    static Future<TestServer> start(Vertx vertx, Responder responder) {
        HttpServer server = vertx.createHttpServer();
        TestServer test = new TestServer(server);
        server.connectionHandler(connection -> {
            test.connections.incrementAndGet();
            test.open.incrementAndGet();
            connection.closeHandler(v -> test.open.decrementAndGet());
        });
        server.requestHandler(request -> test.handle(request, responder));
        return server.listen(0, "127.0.0.1").map(test);
    }

    private void handle(HttpServerRequest request, Responder responder) {
        long atNanos = System.nanoTime();
        long atMs = System.currentTimeMillis();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
        request.body().onSuccess(body -> {
            Hit hit = new Hit(atNanos, atMs, request.method().name(), request.uri(), headers, body.toString());
            hits.add(hit);
            responder.answer(hit).onSuccess(reply -> {
                hit.reply = reply;
                reply.headers().forEach(request.response()::putHeader);
                request.response().setStatusCode(reply.status())
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end(reply.body());
            });
        });
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    /** Connections not closed yet. */
    int openConnections() {
        return open.get();
    }

    int port() {
        return server.actualPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    List<Hit> hits() {
        return List.copyOf(hits);
    }

    List<Hit> hits(Predicate<Hit> filter) {
        return hits.stream().filter(filter).toList();
    }

    // ---- responders

    /** 200 with this JSON at once. */
    static Responder json(String body) {
        return hit -> Future.succeededFuture(new Reply(200, body));
    }

    /** 200 {"reply": "ok"}: enough for the http protocol's default mapping. */
    static Responder ok() {
        return json("{\"reply\":\"ok\"}");
    }

    /** The reply after {@code ms}. */
    static Responder after(Vertx vertx, long ms, Reply reply) {
        return hit -> vertx.timer(ms).map(reply);
    }

    /** Reads the request and never answers. */
    static Responder never() {
        return hit -> Promise.<Reply>promise().future();
    }

    /** Forwards to the server on {@code port} and answers what it answered: a recording proxy. */
    static Responder forwardTo(Vertx vertx, int port) {
        HttpClient client = vertx.createHttpClient();
        return hit -> {
            RequestOptions options = new RequestOptions().setMethod(io.vertx.core.http.HttpMethod.valueOf(hit.method))
                    .setHost("127.0.0.1").setPort(port).setURI(hit.path);
            String type = hit.headers.get(HttpHeaders.CONTENT_TYPE);
            if (type != null) {
                options.putHeader(HttpHeaders.CONTENT_TYPE, type);
            }
            return client.request(options)
                    .compose(request -> hit.body.isEmpty() ? request.send() : request.send(Buffer.buffer(hit.body)))
                    .compose(response -> response.body().map(body -> new Reply(response.statusCode(), body.toString())));
        };
    }
}
