package io.stampede.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/** A demo agent on an ephemeral loopback port plus a pooled client pointed at it. */
final class TestAgent {
    final DemoAgent agent;
    final WebClient client;

    private TestAgent(DemoAgent agent, WebClient client) {
        this.agent = agent;
        this.client = client;
    }

    static Future<TestAgent> start(Vertx vertx, DemoAgentOptions options) {
        return start(vertx, options, 16);
    }

    static Future<TestAgent> start(Vertx vertx, DemoAgentOptions options, int connections) {
        return DemoAgent.start(vertx, options.setHost("127.0.0.1").setPort(0)).map(agent -> new TestAgent(agent,
                WebClient.create(vertx,
                        new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(agent.port()),
                        new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1))));
    }

    /** Fast, reproducible options: no simulated latency, fixed seed. */
    static DemoAgentOptions instant() {
        return new DemoAgentOptions().setLatencyScale(0).setSeed(42);
    }

    Future<HttpResponse<Buffer>> chat(String message, String conversationId) {
        JsonObject body = new JsonObject().put("message", message);
        if (conversationId != null) {
            body.put("conversation_id", conversationId);
        }
        return post("/chat", body);
    }

    Future<HttpResponse<Buffer>> post(String path, JsonObject body) {
        return client.post(path).sendJsonObject(body);
    }

    Future<HttpResponse<Buffer>> postRaw(String path, String body) {
        return client.post(path).putHeader("content-type", "application/json").sendBuffer(Buffer.buffer(body));
    }

    Future<HttpResponse<Buffer>> get(String path) {
        return client.get(path).send();
    }

    /** Sum of the trace's latency_ms values of a chat response. */
    static double traceTotalMs(JsonObject chatResponse) {
        return chatResponse.getJsonArray("trace").stream()
                .mapToDouble(node -> ((JsonObject) node).getDouble("latency_ms"))
                .sum();
    }
}
