package io.stampede.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.stampede.coordinator.Coordinator;
import io.stampede.demo.DemoAgent;
import io.stampede.demo.DemoAgentOptions;
import io.stampede.engine.WorkerNode;
import io.stampede.engine.WorkerOptions;
import io.stampede.results.ResultsJson;
import io.stampede.run.CoordinatorOptions;
import io.stampede.run.RunStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * A whole coordinator on loopback for API tests: the demo agent (fast), one in-process worker, a
 * coordinator writing to {@code dataDir}, the HTTP API on an ephemeral port (its posted
 * scenarios see {@code AGENT_URL}), and a client.
 */
final class ApiCluster {
    final Vertx vertx;
    final DemoAgent agent;
    final WorkerNode worker;
    final Coordinator coordinator;
    final HttpApi api;
    final HttpClient client;

    private ApiCluster(Vertx vertx, DemoAgent agent, WorkerNode worker, Coordinator coordinator, HttpApi api) {
        this.vertx = vertx;
        this.agent = agent;
        this.worker = worker;
        this.coordinator = coordinator;
        this.api = api;
        // A fresh connection per request: tests that are refused before their body is read
        // (401, 403, 413) must not leave a pooled connection behind for the next test.
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false), new PoolOptions().setHttp1MaxSize(40));
    }

    static Future<ApiCluster> start(Vertx vertx, Path dataDir) {
        return start(vertx, coordinatorOptions(dataDir));
    }

    static Future<ApiCluster> start(Vertx vertx, CoordinatorOptions options) {
        return DemoAgent.start(vertx, new DemoAgentOptions().setHost("127.0.0.1").setPort(0).setLatencyScale(0.05).setSeed(7))
                .compose(agent -> WorkerNode.start(vertx, new WorkerOptions().workerId("w1").lanes(1).capacity(1000)
                        .replyBudgetBytes(64L << 20))
                        .compose(worker -> Coordinator.start(vertx, options)
                                .compose(coordinator -> HttpApi.start(vertx, coordinator, apiOptions(agent))
                                        .map(api -> new ApiCluster(vertx, agent, worker, coordinator, api)))));
    }

    static CoordinatorOptions coordinatorOptions(Path dataDir) {
        return new CoordinatorOptions().dataDir(dataDir).startDelayMs(100).closeDelayMs(300).workerWaitMs(5_000);
    }

    static ApiOptions apiOptions(DemoAgent agent) {
        return new ApiOptions().port(0).environment(Map.of("AGENT_URL", "http://127.0.0.1:" + agent.port()));
    }

    int port() {
        return api.port();
    }

    /** A response, its body read whole. */
    record Reply(int status, String contentType, String body, io.vertx.core.MultiMap headers) {
        JsonNode json() {
            try {
                return ResultsJson.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }

    Future<Reply> get(String path) {
        return send(HttpMethod.GET, port(), path, null, Map.of());
    }

    Future<Reply> post(String path, String body, Map<String, String> headers) {
        return send(HttpMethod.POST, port(), path, body, headers);
    }

    Future<Reply> send(HttpMethod method, int port, String path, String body, Map<String, String> headers) {
        RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(path)
                .setTimeout(15_000);
        headers.forEach(options::putHeader);
        return client.request(options)
                .recover(e -> Future.failedFuture(new IllegalStateException(method + " " + path + ": no connection: " + e, e)))
                .compose(req -> (body == null ? req.send() : req.send(Buffer.buffer(body.getBytes(StandardCharsets.UTF_8))))
                        .recover(e -> Future.failedFuture(new IllegalStateException(method + " " + path + ": " + e, e))))
                .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.getHeader("content-type"),
                        b.toString(StandardCharsets.UTF_8), resp.headers())));
    }

    /**
     * A GET written on a plain socket with exactly this {@code Host} header: an HTTP client would
     * take a foreign host name as where to connect (and try to resolve it).
     */
    Future<Integer> rawGetStatus(String path, String hostHeader) {
        return vertx.executeBlocking(() -> {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII)).readLine();
                return Integer.parseInt(statusLine.split(" ")[1]);
            }
        });
    }

    /** Posts a scenario as YAML and answers the new run's id. */
    Future<String> submit(String yaml) {
        return post("/api/runs", yaml, Map.of("content-type", "application/yaml")).map(reply -> {
            if (reply.status() != 201) {
                throw new IllegalStateException("submit answered " + reply.status() + ": " + reply.body());
            }
            return reply.json().get("id").asText();
        });
    }

    /** Polls {@code GET /api/runs/{id}} until the run is over; answers its last view. */
    Future<JsonNode> awaitEnd(String id) {
        Promise<JsonNode> promise = Promise.promise();
        poll(id, promise, System.currentTimeMillis() + 30_000);
        return promise.future();
    }

    private void poll(String id, Promise<JsonNode> promise, long deadline) {
        get("/api/runs/" + id).onFailure(promise::fail).onSuccess(reply -> {
            JsonNode view = reply.json();
            if (reply.status() == 200 && RunStatus.of(view.get("status").asText()).isFinal()) {
                promise.complete(view);
            } else if (System.currentTimeMillis() > deadline) {
                promise.fail("run " + id + " did not end in time: " + reply.body());
            } else {
                vertx.setTimer(200, t -> poll(id, promise, deadline));
            }
        });
    }

    Future<Void> close() {
        return client.close().compose(v -> api.close()).compose(v -> worker.close()).compose(v -> agent.stop())
                .compose(v -> vertx.undeploy(coordinator.deploymentID()));
    }
}
