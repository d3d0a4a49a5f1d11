package io.stampede.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.stampede.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * The worst agent for secrets: it answers every request with everything it was sent — method,
 * path and query, every header, the body — as its reply, in the reply's intent, in a tool call
 * and in a failed trace node named after the path, so whatever reached the target can come back
 * as reply text, failure reasons, event details and metric keys. On loopback.
 */
final class EchoAgent implements AutoCloseable {
    private final Vertx vertx;
    private final HttpServer server;

    private EchoAgent(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    static EchoAgent start() throws Exception {
        Vertx vertx = Vertx.vertx();
        HttpServer server = Await.result(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            List<String> headers = new ArrayList<>();
            req.headers().forEach(h -> headers.add(h.getKey() + ": " + h.getValue()));
            String seen = req.method() + " " + req.uri() + " | " + String.join(" | ", headers) + " | " + body.toString();
            Map<String, Object> answer = Map.of(
                    "reply", "you sent: " + seen,
                    "intent", "echo " + req.uri(),
                    "tools_called", List.of(Map.of("name", "echo", "args", Map.of("seen", seen))),
                    "trace", List.of(Map.of("node", "tool_call", "name", "echo " + req.uri(), "status", "error",
                            "error", "could not handle " + seen, "latency_ms", 1)));
            req.response().setStatusCode(200).putHeader("content-type", "application/json").end(Json.text(answer));
        })).listen(0, "127.0.0.1"), Duration.ofSeconds(10));
        return new EchoAgent(vertx, server);
    }

    int port() {
        return server.actualPort();
    }

    @Override
    public void close() throws Exception {
        Await.result(vertx.close(), Duration.ofSeconds(10));
    }
}
