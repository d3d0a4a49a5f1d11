package io.stampede.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.stampede.demo.DemoAgent;
import io.stampede.demo.DemoAgentOptions;
import io.stampede.json.Json;
import io.stampede.metrics.KeyStats;
import io.stampede.metrics.MetricKey;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;

/** Checks, extraction, templates and trace mapping on the real demo agent's responses. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StepOutcomeTest {

    private static Future<TestServer> agentBehindProxy(Vertx vertx, DemoAgentOptions options) {
        return DemoAgent.start(vertx, options.setPort(0))
                .compose(agent -> TestServer.start(vertx, TestServer.forwardTo(vertx, agent.port())));
    }

    @Test
    void csvColumnsAndExtractedValuesReachLaterRequests(Vertx vertx, VertxTestContext ctx) {
        agentBehindProxy(vertx, new DemoAgentOptions().setLatencyScale(0).setSeed(3))
                .compose(proxy -> SliceDriver.start(vertx)
                        .compose(driver -> driver.run(TestScenarios.load("templating.yaml", proxy.url())))
                        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
                            Map<Integer, String> orderOf = Map.of(0, "10001", 1, "20002", 2, "A-30003");
                            for (int user = 0; user < 3; user++) {
                                int u = user;
                                List<TestServer.Hit> mine = proxy.hits(h -> h.user() == u);
                                assertThat(mine).as("requests of user " + u).hasSize(3);
                                String order = orderOf.get(u);
                                // {{user.order_id}} in the send text, as JSON in the chat body
                                assertThat(Json.parse(mine.get(0).body)).asInstanceOf(
                                        org.assertj.core.api.InstanceOfAssertFactories.MAP)
                                        .containsEntry("message", "Where is my order " + order + "?");
                                // {{ordered}} extracted from the agent's tool call
                                assertThat(mine.get(1).path).isEqualTo("/orders/" + order);
                                // {{user.order_id}} in a path, plus values extracted from two responses
                                String status = (String) ((Map<?, ?>) Json.parse(mine.get(1).reply.body())).get("status");
                                String conversation = (String) ((Map<?, ?>) Json.parse(mine.get(0).reply.body())).get("conversation_id");
                                assertThat(mine.get(2).path).isEqualTo("/orders/" + order + "?status=" + status
                                        + "&conversation=" + conversation);
                            }
                            assertThat(result.totals().allSteps().errors()).isZero();
                            assertThat(result.counters().conversationsSucceeded).isEqualTo(3);
                            ctx.completeNow();
                        }))));
    }

    @Test
    void failedChecksAndUnexpectedStatusesFailTheStepWithTheirReason(Vertx vertx, VertxTestContext ctx) {
        DemoAgent.start(vertx, new DemoAgentOptions().setPort(0).setLatencyScale(0).setSeed(4))
                .compose(agent -> SliceDriver.start(vertx)
                        .compose(driver -> driver.run(TestScenarios.load("checks.yaml", "http://127.0.0.1:" + agent.port()))))
                .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
                    KeyStats greet = result.step("greet");
                    assertThat(greet.count()).isEqualTo(4);
                    assertThat(greet.errors()).isEqualTo(4);
                    assertThat(greet.failures()).containsExactly(Map.entry("intent greeting, expected refund", 4L));
                    KeyStats intentCheck = result.key(MetricKey.check("greet", "expect.intent"));
                    assertThat(intentCheck.count()).isEqualTo(4);
                    assertThat(intentCheck.errors()).isEqualTo(4);

                    KeyStats unexpected = result.step("unexpected_404");
                    assertThat(unexpected.errors()).isEqualTo(4);
                    assertThat(unexpected.failures()).containsExactly(Map.entry("HTTP 404", 4L));

                    KeyStats expected = result.step("expected_404");
                    assertThat(expected.count()).isEqualTo(4);
                    assertThat(expected.errors()).isZero();
                    assertThat(result.key(MetricKey.check("expected_404", "assert.status")).errors()).isZero();

                    KeyStats json = result.step("json_checks");
                    assertThat(json.errors()).isEqualTo(4);
                    assertThat(json.failures()).containsOnlyKeys("$.items is not 99");

                    assertThat(result.counters().conversationsFailed).isEqualTo(4);
                    assertThat(result.events()).filteredOn(e -> e.step().equals("greet") && e.node().equals("step"))
                            .isNotEmpty()
                            .allSatisfy(e -> {
                                assertThat(e.status()).isEqualTo("error");
                                assertThat(e.error()).isEqualTo("intent greeting, expected refund");
                            });
                    ctx.completeNow();
                })));
    }

    @Test
    void anErrorStatusIsTheStepsOneReasonAndItsChecksAreNotEvaluated(Vertx vertx, VertxTestContext ctx) {
        String body = "{\"error\":{\"message\":\"LLM provider returned HTTP 500 (injected fault)\",\"type\":\"server_error\"}}";
        TestServer.start(vertx, TestServer.after(vertx, 5, new TestServer.Reply(500, body)))
                .compose(server -> SliceDriver.start(vertx)
                        .compose(driver -> driver.run(TestScenarios.load("server-error.yaml", server.url()))))
                .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
                    KeyStats ask = result.step("ask");
                    assertThat(ask.count()).isEqualTo(4);
                    assertThat(ask.errors()).isEqualTo(4);
                    assertThat(ask.failures()).as("one reason per failed step, the reasons adding up to its errors")
                            .containsExactly(Map.entry("HTTP 500", 4L));
                    for (String label : List.of("expect.intent", "assert.tool_called", "assert.max_latency")) {
                        assertThat(result.key(MetricKey.check("ask", label)).count()).as(label + " judged").isZero();
                    }
                    assertThat(result.events()).filteredOn(e -> e.node().equals("step")).isNotEmpty()
                            .allSatisfy(e -> assertThat(e.error()).as("the server's own words in the detail")
                                    .isEqualTo("HTTP 500: LLM provider returned HTTP 500 (injected fault)"));
                    ctx.completeNow();
                })));
    }

    @Test
    void checksOfOneStepAreJudgedAllAndListedPerBlockButTheStepHasOneReason(Vertx vertx, VertxTestContext ctx) {
        TestServer.start(vertx, TestServer.after(vertx, 5, new TestServer.Reply(200,
                        "{\"reply\":\"hello\",\"intent\":\"greeting\",\"tools_called\":[]}")))
                .compose(server -> SliceDriver.start(vertx)
                        .compose(driver -> driver.run(TestScenarios.load("server-error.yaml", server.url()))))
                .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
                    KeyStats ask = result.step("ask");
                    assertThat(ask.failures()).as("the first failing check is the reason")
                            .containsExactly(Map.entry("intent greeting, expected refund", 4L));
                    assertThat(result.key(MetricKey.check("ask", "expect.intent")).errors()).isEqualTo(4);
                    assertThat(result.key(MetricKey.check("ask", "assert.tool_called")).errors())
                            .as("judged too, and failed: its pass rate stays true").isEqualTo(4);
                    assertThat(result.key(MetricKey.check("ask", "assert.max_latency")).errors()).isZero();
                    assertThat(result.key(MetricKey.check("ask", "assert.max_latency")).count()).isEqualTo(4);
                    ctx.completeNow();
                })));
    }

    /** The demo agent's orders are a pure function of the id. */

    @Test
    void theAgentsTraceNodesBecomeNodeStatsWithTheSameCountsErrorsAndTokens(Vertx vertx, VertxTestContext ctx) {
        agentBehindProxy(vertx, new DemoAgentOptions().setLatencyScale(0.01).setErrorRate(0.3).setSeed(5))
                .compose(proxy -> SliceDriver.start(vertx)
                        .compose(driver -> driver.run(TestScenarios.load("trace.yaml", proxy.url())))
                        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
                            List<Map<?, ?>> nodes = proxy.hits().stream()
                                    .flatMap(h -> traceOf(h.reply.body()).stream()).toList();
                            assertThat(nodes).isNotEmpty();
                            Map<String, List<Map<?, ?>>> byType = nodes.stream()
                                    .collect(Collectors.groupingBy(n -> (String) n.get("node")));
                            assertThat(byType).containsKeys("llm_call", "memory", "rag", "tool_call");
                            assertThat(byType.values().stream().flatMap(List::stream)
                                    .anyMatch(n -> n.get("status").equals("error"))).as("some failed nodes").isTrue();

                            assertThat(result.keys().keySet().stream().filter(k -> k.startsWith("node:")))
                                    .containsExactlyInAnyOrderElementsOf(byType.keySet().stream().map(MetricKey::node).toList());
                            byType.forEach((type, list) -> {
                                KeyStats stats = result.node(type);
                                long errors = list.stream().filter(n -> !n.get("status").equals("ok")).count();
                                long tokens = list.stream().mapToLong(n -> ((Number) n.get("tokens")).longValue()).sum();
                                long maxMicros = list.stream()
                                        .mapToLong(n -> Math.round(((Number) n.get("latency_ms")).doubleValue() * 1000)).max().orElseThrow();
                                assertThat(stats.count()).as(type).isEqualTo(list.size());
                                assertThat(stats.errors()).as(type).isEqualTo(errors);
                                assertThat(stats.outputTokens() + stats.inputTokens()).as(type).isEqualTo(tokens);
                                assertThat(stats.latency().getTotalCount()).as(type).isEqualTo(list.size());
                                assertThat(stats.latency().valuesAreEquivalent(stats.latency().getMaxValue(), Math.max(1, maxMicros)))
                                        .as(type + " max latency").isTrue();
                            });
                            long serverErrors = proxy.hits(h -> h.reply.status() == 500).size();
                            assertThat(serverErrors).as("some turns answered 500").isPositive();
                            assertThat(result.totals().allSteps().failures()).containsEntry("HTTP 500", serverErrors);
                            ctx.completeNow();
                        }))));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<?, ?>> traceOf(String body) {
        Object trace = ((Map<?, ?>) Json.parse(body)).get("trace");
        return trace == null ? List.of() : (List<Map<?, ?>>) trace;
    }
}
