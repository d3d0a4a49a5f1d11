package io.stampede.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;

@ExtendWith(VertxExtension.class)
class DemoAgentEndpointsTest {

    @Test
    void refundPolicyToolAnswersAfterItsSimulatedLatency(Vertx vertx, VertxTestContext ctx) {
        TestAgent.start(vertx, new DemoAgentOptions().setSeed(5)).compose(agent -> {
            long start = System.nanoTime();
            return agent.post("/tools/get_refund_policy", new JsonObject().put("topic", "refund"))
                    .map(response -> new Object[] {response, (System.nanoTime() - start) / 1e6});
        }).onComplete(ctx.succeeding(result -> ctx.verify(() -> {
            HttpResponse<?> response = (HttpResponse<?>) result[0];
            JsonObject body = response.bodyAsJsonObject();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(body.getString("tool")).isEqualTo("get_refund_policy");
            assertThat(body.getJsonObject("result").getJsonArray("steps")).isNotEmpty();
            assertThat(body.getDouble("latency_ms")).isPositive();
            assertThat((double) result[1]).isGreaterThanOrEqualTo(body.getDouble("latency_ms"));
            ctx.completeNow();
        })));
    }

    @Test
    void everyToolAnswersWithAResult(Vertx vertx, VertxTestContext ctx) {
        JsonObject args = new JsonObject().put("order_id", "A-2024001").put("summary", "broken item");
        TestAgent.start(vertx, TestAgent.instant()).compose(agent -> Future.all(Tools.names().stream()
                        .map(name -> agent.post("/tools/" + name, args))
                        .toList()))
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    assertThat(all.size()).isEqualTo(5);
                    for (int i = 0; i < all.size(); i++) {
                        HttpResponse<?> response = all.resultAt(i);
                        assertThat(response.statusCode()).isEqualTo(200);
                        assertThat(response.bodyAsJsonObject().getJsonObject("result")).isNotEmpty();
                    }
                    ctx.completeNow();
                })));
    }

    @Test
    void lookupOrderToolAgreesWithTheOrdersEndpoint(Vertx vertx, VertxTestContext ctx) {
        TestAgent.start(vertx, TestAgent.instant()).compose(agent -> Future.all(
                        agent.post("/tools/lookup_order", new JsonObject().put("order_id", "98765")),
                        agent.get("/orders/98765"),
                        agent.get("/orders/98765")))
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    JsonObject tool = ((HttpResponse<?>) all.resultAt(0)).bodyAsJsonObject().getJsonObject("result");
                    JsonObject order = ((HttpResponse<?>) all.resultAt(1)).bodyAsJsonObject();
                    JsonObject again = ((HttpResponse<?>) all.resultAt(2)).bodyAsJsonObject();
                    assertThat(order.getString("order_id")).isEqualTo("98765");
                    assertThat(order.getString("status")).isIn("shipped", "processing", "delivered");
                    assertThat(order.getInteger("items")).isBetween(1, 5);
                    assertThat(again).isEqualTo(order);
                    assertThat(tool.getString("status")).isEqualTo(order.getString("status"));
                    assertThat(tool.getInteger("items")).isEqualTo(order.getInteger("items"));
                    ctx.completeNow();
                })));
    }

    @Test
    void unknownToolIs404(Vertx vertx, VertxTestContext ctx) {
        TestAgent.start(vertx, TestAgent.instant())
                .compose(agent -> agent.post("/tools/launch_rocket", new JsonObject()))
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(404);
                    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("message"))
                            .contains("launch_rocket", "lookup_order");
                    ctx.completeNow();
                })));
    }

    @Test
    void orderToolWithoutOrderIdIs400(Vertx vertx, VertxTestContext ctx) {
        TestAgent.start(vertx, TestAgent.instant())
                .compose(agent -> agent.post("/tools/lookup_order", new JsonObject()))
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(400);
                    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("order_id");
                    ctx.completeNow();
                })));
    }

    @Test
    void healthCountsRememberedConversations(Vertx vertx, VertxTestContext ctx) {
        TestAgent.start(vertx, TestAgent.instant()).compose(agent -> agent.get("/health")
                        .compose(before -> Future.all(agent.chat("hello", null), agent.chat("hi", null)))
                        .compose(chats -> agent.get("/health")))
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.bodyAsJsonObject())
                            .isEqualTo(new JsonObject().put("status", "up").put("conversations", 2));
                    ctx.completeNow();
                })));
    }

    @Test
    void unknownPathIsAJson404(Vertx vertx, VertxTestContext ctx) {
        TestAgent.start(vertx, TestAgent.instant())
                .compose(agent -> agent.get("/nowhere"))
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(404);
                    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("/chat");
                    ctx.completeNow();
                })));
    }

    @Test
    void stopReleasesThePort(Vertx vertx, VertxTestContext ctx) {
        TestAgent.start(vertx, TestAgent.instant())
                .compose(agent -> agent.agent.stop().compose(v -> agent.agent.stop()).compose(v -> agent.get("/health")))
                .onComplete(ctx.failingThenComplete());
    }
}
