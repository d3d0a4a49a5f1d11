package io.stampede.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.stampede.tokens.TokenEstimator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;

@ExtendWith(VertxExtension.class)
class DemoAgentChatTest {

    @Test
    void refundFollowUpRemembersIntentAndCallsPolicyTool(Vertx vertx, VertxTestContext ctx) {
        TestAgent.start(vertx, TestAgent.instant()).compose(agent -> agent.chat("你好，我想了解退款流程", null)
                .compose(first -> {
                    JsonObject body = first.bodyAsJsonObject();
                    ctx.verify(() -> {
                        assertThat(first.statusCode()).isEqualTo(200);
                        assertThat(body.getString("conversation_id")).startsWith("c-");
                        assertThat(body.getInteger("turn")).isEqualTo(1);
                        assertThat(body.getString("intent")).isEqualTo("refund");
                    });
                    return agent.chat("能给我具体步骤吗？", body.getString("conversation_id"));
                }))
                .onComplete(ctx.succeeding(second -> ctx.verify(() -> {
                    JsonObject body = second.bodyAsJsonObject();
                    assertThat(second.statusCode()).isEqualTo(200);
                    assertThat(body.getInteger("turn")).isEqualTo(2);
                    assertThat(body.getString("intent")).isEqualTo("refund");
                    assertThat(toolNames(body)).containsExactly("get_refund_policy");
                    assertThat(body.getString("reply")).contains("退款", "步骤");
                    assertThat(nodeNames(body)).contains("memory:recall_intent", "tool_call:get_refund_policy");
                    ctx.completeNow();
                })));
    }

    @Test
    void englishRefundFollowUpRepliesWithSteps(Vertx vertx, VertxTestContext ctx) {
        TestAgent.start(vertx, TestAgent.instant()).compose(agent -> agent.chat("Hi, how do refunds work?", null)
                .compose(first -> agent.chat("Can you give me the exact steps?",
                        first.bodyAsJsonObject().getString("conversation_id"))))
                .onComplete(ctx.succeeding(second -> ctx.verify(() -> {
                    JsonObject body = second.bodyAsJsonObject();
                    assertThat(body.getString("intent")).isEqualTo("refund");
                    assertThat(body.getString("reply")).contains("refund", "steps");
                    assertThat(TokenEstimator.hasCjkLetters(body.getString("reply"))).isFalse();
                    ctx.completeNow();
                })));
    }

    @Test
    void englishOrderQuestionCallsLookupOrder(Vertx vertx, VertxTestContext ctx) {
        TestAgent.start(vertx, TestAgent.instant()).compose(agent -> agent.chat("Where is my order 12345?", null)
                .compose(chat -> agent.get("/orders/12345").map(order -> List.of(chat, order))))
                .onComplete(ctx.succeeding(responses -> ctx.verify(() -> {
                    JsonObject body = responses.get(0).bodyAsJsonObject();
                    JsonObject order = responses.get(1).bodyAsJsonObject();
                    assertThat(body.getString("intent")).isEqualTo("order_status");
                    assertThat(body.getJsonArray("tools_called")).containsExactly(new JsonObject()
                            .put("name", "lookup_order").put("args", new JsonObject().put("order_id", "12345")));
                    assertThat(body.getString("reply")).contains("12345", order.getString("status"));
                    ctx.completeNow();
                })));
    }

    @Test
    void usageCountsSystemPromptHistoryAndMessageAndLlmNodesAddUpToIt(Vertx vertx, VertxTestContext ctx) {
        String message = "I want a refund";
        TestAgent.start(vertx, TestAgent.instant()).compose(agent -> agent.chat(message, null)
                .compose(first -> agent.chat("and how long does it take?", first.bodyAsJsonObject().getString("conversation_id"))
                        .map(second -> List.of(first.bodyAsJsonObject(), second.bodyAsJsonObject()))))
                .onComplete(ctx.succeeding(bodies -> ctx.verify(() -> {
                    JsonObject first = bodies.get(0);
                    JsonObject usage = first.getJsonObject("usage");
                    int input = usage.getInteger("input_tokens");
                    int output = usage.getInteger("output_tokens");
                    assertThat(input).isEqualTo(TurnSimulator.SYSTEM_PROMPT_TOKENS + TokenEstimator.estimate(message));
                    assertThat(output).isEqualTo(TokenEstimator.estimate(first.getString("reply")));
                    assertThat(usage.getInteger("total_tokens")).isEqualTo(input + output);
                    assertThat(llmTokens(first)).isEqualTo(input + output);
                    assertThat(first.getString("model")).isEqualTo("demo-gpt");

                    JsonObject secondUsage = bodies.get(1).getJsonObject("usage");
                    assertThat(secondUsage.getInteger("input_tokens")).isEqualTo(TurnSimulator.SYSTEM_PROMPT_TOKENS
                            + TokenEstimator.estimate(message) + output + TokenEstimator.estimate("and how long does it take?"));
                    ctx.completeNow();
                })));
    }

    @Test
    void suppliedConversationIdIsKeptAcrossTurns(Vertx vertx, VertxTestContext ctx) {
        TestAgent.start(vertx, TestAgent.instant()).compose(agent -> agent.chat("我要取消订单 88888", "user-7")
                .compose(first -> agent.chat("还有别的办法吗", "user-7")))
                .onComplete(ctx.succeeding(second -> ctx.verify(() -> {
                    JsonObject body = second.bodyAsJsonObject();
                    assertThat(body.getString("conversation_id")).isEqualTo("user-7");
                    assertThat(body.getInteger("turn")).isEqualTo(2);
                    assertThat(body.getString("intent")).isEqualTo("cancel_order");
                    assertThat(toolNames(body)).containsExactly("cancel_order");
                    ctx.completeNow();
                })));
    }

    @Test
    void missingMessageIs400(Vertx vertx, VertxTestContext ctx) {
        TestAgent.start(vertx, TestAgent.instant())
                .compose(agent -> Future.all(
                        agent.post("/chat", new JsonObject().put("conversation_id", "c-1")),
                        agent.post("/chat", new JsonObject().put("message", "  ")),
                        agent.postRaw("/chat", ""),
                        agent.postRaw("/chat", "{not json"),
                        agent.postRaw("/chat", "[\"message\"]")))
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    for (int i = 0; i < all.size(); i++) {
                        HttpResponse<Buffer> response = all.resultAt(i);
                        assertThat(response.statusCode()).as("request %d", i).isEqualTo(400);
                        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("message"))
                                .as("request %d", i).isNotBlank();
                    }
                    assertThat(((HttpResponse<?>) all.resultAt(0)).bodyAsJsonObject().getJsonObject("error")
                            .getString("message")).contains("message");
                    ctx.completeNow();
                })));
    }

    @Test
    void errorRateOneFailsEveryTurn(Vertx vertx, VertxTestContext ctx) {
        TestAgent.start(vertx, TestAgent.instant().setErrorRate(1.0)).compose(agent -> {
            List<Future<HttpResponse<Buffer>>> refunds = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                refunds.add(agent.chat("I want a refund", null));
            }
            return Future.all(refunds).compose(done -> agent.chat("hello", null))
                    .map(greeting -> new Object[] {refunds, greeting});
        }).onComplete(ctx.succeeding(results -> ctx.verify(() -> {
            @SuppressWarnings("unchecked")
            List<Future<HttpResponse<Buffer>>> refunds = (List<Future<HttpResponse<Buffer>>>) results[0];
            int serverErrors = 0;
            int toolErrors = 0;
            for (Future<HttpResponse<Buffer>> turn : refunds) {
                HttpResponse<Buffer> response = turn.result();
                if (response.statusCode() == 500) {
                    assertIsServerError(response);
                    serverErrors++;
                } else {
                    JsonObject body = response.bodyAsJsonObject();
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(body.getJsonArray("trace").stream().map(JsonObject.class::cast))
                            .anySatisfy(node -> {
                                assertThat(node.getString("node")).isEqualTo("tool_call");
                                assertThat(node.getString("status")).isEqualTo("error");
                            });
                    assertThat(body.getString("reply")).startsWith("Sorry");
                    toolErrors++;
                }
            }
            assertThat(serverErrors).as("500 turns").isPositive();
            assertThat(toolErrors).as("tool-error turns").isPositive();
            assertIsServerError((HttpResponse<?>) results[1]);
            ctx.completeNow();
        })));
    }

    private static void assertIsServerError(HttpResponse<?> response) {
        assertThat(response.statusCode()).isEqualTo(500);
        JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("type")).isEqualTo("server_error");
        assertThat(error.getString("message")).isNotBlank();
    }

    @Test
    void memoryIsBoundedToMaxConversations(Vertx vertx, VertxTestContext ctx) {
        TestAgent.start(vertx, TestAgent.instant().setMaxConversations(3)).compose(agent -> {
            Future<Void> chain = Future.succeededFuture();
            for (int i = 1; i <= 5; i++) {
                String id = "conv-" + i;
                chain = chain.compose(v -> agent.chat("我想退款", id).mapEmpty());
            }
            return chain.compose(v -> Future.all(
                    agent.get("/health"),
                    agent.chat("能给我具体步骤吗？", "conv-1"),
                    agent.chat("能给我具体步骤吗？", "conv-5")));
        }).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
            JsonObject health = ((HttpResponse<?>) all.resultAt(0)).bodyAsJsonObject();
            JsonObject forgotten = ((HttpResponse<?>) all.resultAt(1)).bodyAsJsonObject();
            JsonObject remembered = ((HttpResponse<?>) all.resultAt(2)).bodyAsJsonObject();
            assertThat(health.getInteger("conversations")).isEqualTo(3);
            assertThat(forgotten.getInteger("turn")).isEqualTo(1);
            assertThat(forgotten.getString("intent")).isEqualTo("unknown");
            assertThat(remembered.getInteger("turn")).isEqualTo(2);
            assertThat(remembered.getString("intent")).isEqualTo("refund");
            ctx.completeNow();
        })));
    }

    @Test
    void sameSeedGivesTheSameConversation(Vertx vertx, VertxTestContext ctx) {
        DemoAgentOptions options = new DemoAgentOptions().setSeed(7).setLatencyScale(0.01);
        Future.all(TestAgent.start(vertx, new DemoAgentOptions(options)), TestAgent.start(vertx, new DemoAgentOptions(options)))
                .compose(agents -> Future.all(
                        ((TestAgent) agents.resultAt(0)).chat("where is my parcel?", null),
                        ((TestAgent) agents.resultAt(1)).chat("where is my parcel?", null)))
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    JsonObject a = ((HttpResponse<?>) all.resultAt(0)).bodyAsJsonObject();
                    JsonObject b = ((HttpResponse<?>) all.resultAt(1)).bodyAsJsonObject();
                    assertThat(a).isEqualTo(b);
                    ctx.completeNow();
                })));
    }

    private static List<String> toolNames(JsonObject body) {
        return body.getJsonArray("tools_called").stream().map(t -> ((JsonObject) t).getString("name")).toList();
    }

    private static List<String> nodeNames(JsonObject body) {
        JsonArray trace = body.getJsonArray("trace");
        return trace.stream().map(JsonObject.class::cast).map(n -> n.getString("node") + ":" + n.getString("name")).toList();
    }

    private static int llmTokens(JsonObject body) {
        return body.getJsonArray("trace").stream().map(JsonObject.class::cast)
                .filter(n -> n.getString("node").equals("llm_call"))
                .mapToInt(n -> n.getInteger("tokens"))
                .sum();
    }
}
