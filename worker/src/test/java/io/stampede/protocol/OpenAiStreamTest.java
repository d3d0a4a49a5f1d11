package io.stampede.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.stampede.check.ToolCall;
import io.stampede.json.Json;
import io.stampede.trace.TraceNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;

/** The openai driver against recorded chat-completion streams, replayed in 7-byte pieces over a real socket. */
@ExtendWith(VertxExtension.class)
@Timeout(20)
class OpenAiStreamTest {
    @RegisterExtension
    final StreamReplayServer server = new StreamReplayServer();

    /** Whether the lane has the lean client (streams on the user's connection) or only the Vert.x pool. */
    boolean lean() {
        return true;
    }

    Drivers.Harness create(Vertx vertx, String targetYaml) {
        return Drivers.create(vertx, targetYaml, lean());
    }

    private Drivers.Harness driver(Vertx vertx, String file) {
        return create(vertx, "  base_url: " + server.baseUrl() + "\n  protocol: openai\n  model: m\n"
                + "  request: { path: \"/replay/" + file + "?chunk=7\" }");
    }

    private AgentResponse one(Vertx vertx, String file) throws Exception {
        return driver(vertx, file).send(new TestSession(1, "c1"), "hi").toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void aPlainStreamGivesReplyServerUsageAndTheFinishReasonOfAnEmptyDelta(Vertx vertx) throws Exception {
        AgentResponse r = one(vertx, "openai-basic.sse");
        assertThat(r.error()).isNull();
        assertThat(r.reply()).isEqualTo("Hello, 世界!");
        assertThat(r.finishReason()).isEqualTo("stop");
        assertThat(r.usage().reported()).isTrue();
        assertThat(r.usage().inputTokens()).isEqualTo(12);
        assertThat(r.usage().outputTokens()).isEqualTo(4);
        assertThat(r.usage().cachedTokens()).isEqualTo(8);
        assertThat(r.firstTokenNanos()).isPositive().isLessThanOrEqualTo(r.endNanos());
        assertThat(r.timing().gaps()).as("three content chunks, two gaps; the role-only chunk is no token").isEqualTo(2);
    }

    @Test
    void toolCallFragmentsAreMergedByIndex(Vertx vertx) throws Exception {
        AgentResponse r = one(vertx, "openai-tool-fragments.sse");
        assertThat(r.error()).isNull();
        assertThat(r.toolsCalled()).containsExactly(
                new ToolCall("lookup_order", Map.of("order_id", "12345")),
                new ToolCall("get_invoice", Map.of("order_id", 12345)));
        assertThat(r.finishReason()).isEqualTo("tool_calls");
        assertThat(r.trace()).extracting(TraceNode::node, TraceNode::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("tool_call", "lookup_order"),
                        org.assertj.core.groups.Tuple.tuple("tool_call", "get_invoice"));
        assertThat(r.firstTokenNanos()).as("a tool-call delta is a first token").isPositive();
        assertThat(r.timing().firstOutputNanos()).as("no visible text").isEqualTo(-1);
    }

    @Test
    void callsAServerSendsAllAtIndexZeroAreToldApartByTheirIds(Vertx vertx) throws Exception {
        AgentResponse r = one(vertx, "openai-repeated-index0.sse");
        assertThat(r.toolsCalled()).extracting(ToolCall::name).containsExactly("lookup_order", "cancel_order");
        assertThat(r.toolsCalled().get(1).args()).isEqualTo(Map.of("order_id", "1"));
    }

    @Test
    void reasoningCountsForTheFirstTokenButNotForTheFirstOutput(Vertx vertx) throws Exception {
        AgentResponse r = one(vertx, "openai-reasoning.sse");
        assertThat(r.reply()).isEqualTo("Refunds take 3-5 days.");
        assertThat(r.usage().reasoningTokens()).isEqualTo(9);
        long ttftToTtfo = (r.timing().firstOutputNanos() - r.firstTokenNanos()) / 1_000_000;
        // The recording's output comes ~80 ms after its reasoning: never sooner; later only by a busy machine's slack.
        assertThat(ttftToTtfo).isBetween(50L, 1_000L);
    }

    @Test
    void crlfLineEndsDataWithoutSpaceCommentsAndMultiLineDataReadAsTheBasicStream(Vertx vertx) throws Exception {
        AgentResponse r = one(vertx, "openai-crlf-nospace-comments.sse");
        assertThat(r.error()).isNull();
        assertThat(r.reply()).isEqualTo("Hello, 世界!");
        assertThat(r.finishReason()).isEqualTo("stop");
        assertThat(r.usage().reported()).as("no usage chunk: counted").isFalse();
        assertThat(r.usage().outputTokens()).isPositive();
    }

    @Test
    void anErrorInsideA200StreamFailsTheTurnWithItsMessage(Vertx vertx) throws Exception {
        AgentResponse r = one(vertx, "openai-error-in-200.sse");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.error()).isEqualTo("error event in the stream: The server had an error while processing your request");
    }

    @Test
    void aStreamWithoutItsTerminalEventFailsSayingWhichOneIsMissing(Vertx vertx) throws Exception {
        assertThat(one(vertx, "openai-truncated.sse").error())
                .isEqualTo("the stream ended without its terminal event (data: [DONE]) after 2 events");
    }

    @Test
    void aStreamCutMidEventFailsSayingSo(Vertx vertx) throws Exception {
        assertThat(one(vertx, "openai-cut-mid-event.sse").error())
                .startsWith("the stream was cut in the middle of an event after 1 events");
    }

    @Test
    void aChunkThatIsNotJsonFailsQuotingIt(Vertx vertx) throws Exception {
        assertThat(one(vertx, "openai-malformed.sse").error()).startsWith("an event is not valid JSON: \"{\"choices\"");
    }

    @Test
    void aDroppedConnectionFailsTheTurn(Vertx vertx) throws Exception {
        assertThat(one(vertx, "openai-reset.sse").error()).startsWith("the stream broke after 1 events");
    }

    @Test
    void anErrorStatusKeepsItsStatusAndBodyForStatusChecks(Vertx vertx) throws Exception {
        AgentResponse r = one(vertx, "openai-http-429.sse");
        assertThat(r.error()).isNull();
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.body()).contains("Rate limit reached");
    }

    @Test
    void eachTurnResendsTheConversationSoTheServerSeesTheHistoryGrow(Vertx vertx, VertxTestContext ctx) {
        TestSession session = new TestSession(3, "c3");
        driver(vertx, "openai-basic.sse").conversation(session, "first", "second", "third")
                .onComplete(ctx.succeeding(responses -> ctx.verify(() -> {
                    List<Map<String, Object>> bodies = server.seen().stream().map(OpenAiStreamTest::body).toList();
                    assertThat(bodies).extracting(b -> ((List<?>) b.get("messages")).size()).containsExactly(1, 3, 5);
                    Map<String, Object> last = bodies.get(2);
                    assertThat(last.get("model")).isEqualTo("m");
                    assertThat(last.get("stream")).isEqualTo(true);
                    assertThat(last.get("stream_options")).isEqualTo(Map.of("include_usage", true));
                    assertThat(last.get("messages")).isEqualTo(List.of(
                            Map.of("role", "user", "content", "first"), Map.of("role", "assistant", "content", "Hello, 世界!"),
                            Map.of("role", "user", "content", "second"), Map.of("role", "assistant", "content", "Hello, 世界!"),
                            Map.of("role", "user", "content", "third")));
                    ctx.completeNow();
                })));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> body(StreamReplayServer.Seen seen) {
        return (Map<String, Object>) Json.parse(seen.body());
    }

    @Test
    void aFailedTurnLeavesTheHistoryAsItWas(Vertx vertx, VertxTestContext ctx) {
        TestSession session = new TestSession(4, "c4");
        driver(vertx, "openai-truncated.sse").conversation(session, "first", "second")
                .onComplete(ctx.succeeding(responses -> ctx.verify(() -> {
                    assertThat(session.history()).isEmpty();
                    assertThat(Json.text(Json.parse(server.seen().get(1).body()))).contains("\"messages\":[{\"role\":\"user\",\"content\":\"second\"}]");
                    ctx.completeNow();
                })));
    }

    @Test
    void bodyFieldsFromTheScenarioJoinTheRequestAndMayOverrideTheDriversOwn(Vertx vertx, VertxTestContext ctx) {
        Drivers.Harness h = create(vertx, "  base_url: " + server.baseUrl() + "\n  protocol: openai\n  model: m\n"
                + "  request: { path: /replay/openai-basic.sse, body: { temperature: 0, model: other, user: \"{{conversation_id}}\" } }");
        h.send(new TestSession(5, "c5"), "hi").onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            Map<?, ?> body = (Map<?, ?>) Json.parse(server.seen().get(0).body());
            assertThat(body.get("temperature")).isEqualTo(0);
            assertThat(body.get("model")).isEqualTo("other");
            assertThat(body.get("user")).isEqualTo("c5");
            assertThat(body.get("messages")).isNotNull();
            ctx.completeNow();
        })));
    }
}
