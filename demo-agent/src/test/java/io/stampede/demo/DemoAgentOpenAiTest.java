package io.stampede.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.stampede.sse.SseParser;
import io.stampede.tokens.TokenEstimator;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;

@ExtendWith(VertxExtension.class)
class DemoAgentOpenAiTest {
    private static final double SLOW_MS_PER_TOKEN = 20;

    /** One server-sent event and when it arrived, in ms after the request was sent. */
    private record Event(String data, double atMs) {
    }

    @Test
    void completionRebuildsTheConversationFromMessages(Vertx vertx, VertxTestContext ctx) {
        JsonObject request = new JsonObject().put("model", "demo-gpt").put("messages", new JsonArray()
                .add(message("user", "你好，我想了解退款流程"))
                .add(message("assistant", "退款需要在30天内申请。"))
                .add(message("user", "能给我具体步骤吗？")));
        TestAgent.start(vertx, TestAgent.instant())
                .compose(agent -> agent.post("/v1/chat/completions", request))
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    JsonObject body = response.bodyAsJsonObject();
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(body.getString("object")).isEqualTo("chat.completion");
                    assertThat(body.getString("model")).isEqualTo("demo-gpt");
                    JsonObject choice = body.getJsonArray("choices").getJsonObject(0);
                    assertThat(choice.getString("finish_reason")).isEqualTo("stop");
                    assertThat(choice.getJsonObject("message").getString("content")).contains("退款", "步骤");
                    assertThat(body.getString("intent")).isEqualTo("refund");
                    assertThat(body.getJsonArray("tools_called").getJsonObject(0).getString("name"))
                            .isEqualTo("get_refund_policy");
                    int history = TokenEstimator.estimate("你好，我想了解退款流程") + TokenEstimator.estimate("退款需要在30天内申请。");
                    assertThat(body.getJsonObject("usage").getInteger("prompt_tokens")).isEqualTo(
                            TurnSimulator.SYSTEM_PROMPT_TOKENS + history + TokenEstimator.estimate("能给我具体步骤吗？"));
                    ctx.completeNow();
                })));
    }

    @Test
    void streamedCompletionSendsTheFirstTokenAfterThePipelineAndSpreadsTheRest(Vertx vertx, VertxTestContext ctx) {
        JsonObject request = new JsonObject()
                .put("messages", new JsonArray().add(message("user", "Where is my order 12345?")))
                .put("stream", true)
                .put("stream_options", new JsonObject().put("include_usage", true));
        // A slow token pace (20 ms a token) puts hundreds of milliseconds between the first token
        // and the end of the compose call, so the bounds below hold on a busy machine too.
        TestAgent.start(vertx, new DemoAgentOptions().setSeed(9).setLatencyScale(1).setMsPerToken(SLOW_MS_PER_TOKEN))
                .compose(agent -> stream(vertx, agent.agent.port(), request))
                .onComplete(ctx.succeeding(events -> ctx.verify(() -> {
                    assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
                    List<JsonObject> chunks = events.subList(0, events.size() - 1).stream()
                            .map(e -> new JsonObject(e.data())).toList();
                    JsonObject usageChunk = chunks.get(chunks.size() - 1);
                    JsonObject finalChunk = chunks.get(chunks.size() - 2);
                    assertThat(usageChunk.getJsonArray("choices")).isEmpty();
                    assertThat(usageChunk.getJsonObject("usage").getInteger("completion_tokens")).isPositive();
                    assertThat(finalChunk.getJsonArray("choices").getJsonObject(0).getString("finish_reason")).isEqualTo("stop");
                    assertThat(finalChunk.getString("intent")).isEqualTo("order_status");

                    StringBuilder content = new StringBuilder();
                    int firstContent = -1;
                    int lastContent = -1;
                    StringBuilder toolArguments = new StringBuilder();
                    for (int i = 0; i < chunks.size() - 2; i++) {
                        JsonObject delta = chunks.get(i).getJsonArray("choices").getJsonObject(0).getJsonObject("delta");
                        String piece = delta.getString("content");
                        if (piece != null && !piece.isEmpty()) {
                            content.append(piece);
                            firstContent = firstContent < 0 ? i : firstContent;
                            lastContent = i;
                        }
                        JsonArray calls = delta.getJsonArray("tool_calls");
                        if (calls != null) {
                            toolArguments.append(calls.getJsonObject(0).getJsonObject("function").getString("arguments"));
                        }
                    }
                    assertThat(content.toString()).startsWith("Your order 12345 is");
                    assertThat(chunks.get(0).getJsonArray("choices").getJsonObject(0).getJsonObject("delta").getString("content"))
                            .as("the first chunk carries only the role").isEmpty();
                    assertThat(new JsonObject(toolArguments.toString()).getString("order_id")).isEqualTo("12345");

                    JsonArray trace = finalChunk.getJsonArray("trace");
                    double beforeCompose = 0;
                    double compose = 0;
                    for (int i = 0; i < trace.size(); i++) {
                        JsonObject node = trace.getJsonObject(i);
                        if (node.getString("name").equals("compose_reply")) {
                            compose = node.getDouble("latency_ms");
                            break;
                        }
                        beforeCompose += node.getDouble("latency_ms");
                    }
                    // Lower bounds from the send: the agent cannot answer sooner. Upper bounds from the
                    // role chunk, which the agent sends as the request arrives (this leaves the client's
                    // connection set-up and scheduling out of the comparison).
                    double opened = events.get(0).atMs();
                    double firstToken = events.get(firstContent).atMs();
                    double lastToken = events.get(lastContent).atMs();
                    double done = events.get(events.size() - 1).atMs();
                    assertThat(firstToken).as("TTFT").isGreaterThanOrEqualTo(beforeCompose);
                    assertThat(firstToken - opened).as("TTFT").isLessThan(beforeCompose + compose);
                    int outputTokens = usageChunk.getJsonObject("usage").getInteger("completion_tokens");
                    double streaming = compose - new LatencyModel(1, SLOW_MS_PER_TOKEN).firstTokenMs(compose, outputTokens);
                    assertThat(lastToken - firstToken).as("tokens are spread over the rest of the compose call")
                            .isGreaterThan(streaming / 2);
                    assertThat(done).isGreaterThanOrEqualTo(TestAgent.traceTotalMs(finalChunk));
                    ctx.completeNow();
                })));
    }

    @Test
    void completionWhoseLastMessageIsNotTheUsersIs400(Vertx vertx, VertxTestContext ctx) {
        TestAgent.start(vertx, TestAgent.instant()).compose(agent -> Future.all(
                        agent.post("/v1/chat/completions", new JsonObject().put("messages", new JsonArray()
                                .add(message("user", "hi")).add(message("assistant", "hello")))),
                        agent.post("/v1/chat/completions", new JsonObject().put("messages", new JsonArray()))))
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    for (int i = 0; i < all.size(); i++) {
                        io.vertx.ext.web.client.HttpResponse<?> response = all.resultAt(i);
                        assertThat(response.statusCode()).isEqualTo(400);
                        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("message")).isNotBlank();
                    }
                    ctx.completeNow();
                })));
    }

    private static JsonObject message(String role, String content) {
        return new JsonObject().put("role", role).put("content", content);
    }

    /** Posts the request and collects the stream's events with their arrival times. */
    private static Future<List<Event>> stream(Vertx vertx, int port, JsonObject request) {
        Promise<List<Event>> done = Promise.promise();
        List<Event> events = new ArrayList<>();
        long start = System.nanoTime();
        SseParser parser = new SseParser((type, data, nanos) -> events.add(new Event(new String(data, StandardCharsets.UTF_8),
                (nanos - start) / 1e6)), 1 << 20);
        vertx.createHttpClient()
                .request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
                        .setURI("/v1/chat/completions"))
                .compose(req -> req.send(request.toBuffer()))
                .onSuccess(response -> {
                    response.handler(buffer -> parser.feed(buffer.getBytes(), System.nanoTime()));
                    response.endHandler(v -> done.tryComplete(events));
                    response.exceptionHandler(done::tryFail);
                })
                .onFailure(done::tryFail);
        return done.future();
    }
}
