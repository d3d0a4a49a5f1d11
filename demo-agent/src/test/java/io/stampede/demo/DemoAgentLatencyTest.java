package io.stampede.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;

@ExtendWith(VertxExtension.class)
class DemoAgentLatencyTest {
    private static final String[] MESSAGES = {
        "你好，我想了解退款流程", "Where is my order 12345?", "please cancel my order", "我需要发票",
        "I want to talk to a human", "hello", "能给我具体步骤吗？"};

    /** A measured chat turn: the response body and the client's wall time for it. */
    private record Timed(JsonObject body, int status, double wallMs) {
    }

    @Test
    void traceLatenciesAddUpToTheObservedResponseTime(Vertx vertx, VertxTestContext ctx) {
        TestAgent.start(vertx, new DemoAgentOptions().setLatencyScale(1).setSeed(3)).compose(agent -> {
            Future<List<Timed>> chain = Future.succeededFuture(new ArrayList<>());
            for (String message : new String[] {"hello", "I want a refund", "where is my order 4711?"}) {
                chain = chain.compose(list -> timedChat(agent, message).map(timed -> {
                    list.add(timed);
                    return list;
                }));
            }
            return chain;
        }).onComplete(ctx.succeeding(turns -> ctx.verify(() -> {
            for (Timed turn : turns) {
                double traceMs = TestAgent.traceTotalMs(turn.body());
                assertThat(turn.status()).isEqualTo(200);
                assertThat(traceMs).as("a realistic turn takes a while").isGreaterThan(50);
                assertThat(turn.wallMs()).as("wall time vs trace %s", turn.body().getJsonArray("trace"))
                        .isGreaterThanOrEqualTo(traceMs)
                        .isLessThan(traceMs + 2_000);
            }
            ctx.completeNow();
        })));
    }

    @Test
    void latencyScaleZeroAnswersImmediately(Vertx vertx, VertxTestContext ctx) {
        TestAgent.start(vertx, TestAgent.instant()).compose(agent -> timedChat(agent, "warm up").compose(warm -> {
            long start = System.nanoTime();
            Future<List<Timed>> chain = Future.succeededFuture(new ArrayList<>());
            for (int i = 0; i < 10; i++) {
                String message = MESSAGES[i % MESSAGES.length];
                chain = chain.compose(list -> timedChat(agent, message).map(timed -> {
                    list.add(timed);
                    return list;
                }));
            }
            return chain.map(turns -> new Object[] {turns, (System.nanoTime() - start) / 1e6});
        })).onComplete(ctx.succeeding(result -> ctx.verify(() -> {
            @SuppressWarnings("unchecked")
            List<Timed> turns = (List<Timed>) result[0];
            for (Timed turn : turns) {
                assertThat(turn.body().getJsonArray("trace").stream().map(JsonObject.class::cast))
                        .allSatisfy(node -> assertThat(node.getDouble("latency_ms")).isZero());
            }
            // At scale 0 only the round trips remain: far less than the pipeline alone of the same
            // turns at scale 1 (several seconds), by a margin a busy machine does not eat.
            assertThat((double) result[1]).isLessThan(atScaleOneMs(10) / 2);
            ctx.completeNow();
        })));
    }

    @Test
    @Timeout(value = 25, timeUnit = TimeUnit.SECONDS)
    void holdsThousandsOfConcurrentConversations(Vertx vertx, VertxTestContext ctx) {
        int conversations = 2_000;
        TestAgent.start(vertx, new DemoAgentOptions().setLatencyScale(1).setSeed(11), conversations).compose(agent -> {
            long start = System.nanoTime();
            List<Future<Timed>> turns = new ArrayList<>();
            for (int i = 0; i < conversations; i++) {
                turns.add(timedChat(agent, MESSAGES[i % MESSAGES.length]));
            }
            return Future.all(turns)
                    .compose(all -> agent.get("/health"))
                    .map(health -> new Object[] {turns, (System.nanoTime() - start) / 1e6, health.bodyAsJsonObject()});
        }).onComplete(ctx.succeeding(result -> ctx.verify(() -> {
            @SuppressWarnings("unchecked")
            List<Future<Timed>> turns = (List<Future<Timed>>) result[0];
            double elapsedMs = (double) result[1];
            Set<String> ids = new HashSet<>();
            double slowestTraceMs = 0;
            for (Future<Timed> turn : turns) {
                Timed timed = turn.result();
                assertThat(timed.status()).isEqualTo(200);
                assertThat(timed.body().getInteger("turn")).isEqualTo(1);
                ids.add(timed.body().getString("conversation_id"));
                slowestTraceMs = Math.max(slowestTraceMs, TestAgent.traceTotalMs(timed.body()));
            }
            assertThat(ids).hasSize(conversations);
            assertThat(((JsonObject) result[2]).getInteger("conversations")).isEqualTo(conversations);
            // Served one after another this would take ~20 minutes; concurrently it is one
            // pipeline latency plus connection set-up.
            assertThat(elapsedMs).isLessThan(slowestTraceMs + 10_000);
            ctx.completeNow();
        })));
    }

    /** What the first {@code turns} of {@link #MESSAGES}, each a new conversation, wait in their pipeline at scale 1. */
    private static double atScaleOneMs(int turns) {
        TurnSimulator simulator = new TurnSimulator(new LatencyModel(1), new SplittableRandom(42), 0);
        double ms = 0;
        for (int i = 0; i < turns; i++) {
            ms += simulator.simulate(MESSAGES[i % MESSAGES.length], null, "c-" + i, History.NONE).latencyMs();
        }
        return ms;
    }

    private static Future<Timed> timedChat(TestAgent agent, String message) {
        long start = System.nanoTime();
        return agent.chat(message, null).map(response ->
                new Timed(response.bodyAsJsonObject(), response.statusCode(), (System.nanoTime() - start) / 1e6));
    }
}
