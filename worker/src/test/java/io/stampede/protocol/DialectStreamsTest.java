package io.stampede.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.stampede.check.ToolCall;
import io.stampede.trace.TraceNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;

/** The anthropic, openai-responses, vercel-ui, sse and websocket drivers against recorded streams over real sockets. */
@ExtendWith(VertxExtension.class)
@Timeout(20)
class DialectStreamsTest {
    @RegisterExtension
    final StreamReplayServer server = new StreamReplayServer();

    /** Whether the lane has the lean client (streams on the user's connection) or only the Vert.x pool. */
    boolean lean() {
        return true;
    }

    Drivers.Harness create(Vertx vertx, String targetYaml) {
        return Drivers.create(vertx, targetYaml, lean());
    }

    private AgentResponse one(Vertx vertx, String protocol, String file, String extra) throws Exception {
        Drivers.Harness h = create(vertx, "  base_url: " + server.baseUrl() + "\n  protocol: " + protocol
                + "\n  model: m\n  request: { path: \"/replay/" + file + "?chunk=7\" }\n" + extra);
        return h.send(new TestSession(1, "c1"), "hi").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void anthropicContentBlocksBecomeReasoningToolAndTextWithCacheReadsKeptApart(Vertx vertx) throws Exception {
        AgentResponse r = one(vertx, "anthropic", "anthropic-tool-use.sse", "");
        assertThat(r.error()).isNull();
        assertThat(r.reply()).isEqualTo("Your order 12345 has shipped.");
        assertThat(r.toolsCalled()).containsExactly(new ToolCall("lookup_order", Map.of("order_id", "12345")));
        assertThat(r.finishReason()).isEqualTo("end_turn");
        assertThat(r.usage().inputTokens()).as("input plus cache reads").isEqualTo(120);
        assertThat(r.usage().cachedTokens()).isEqualTo(100);
        assertThat(r.usage().outputTokens()).isEqualTo(42);
        assertThat(r.trace()).extracting(TraceNode::node, TraceNode::name).containsExactly(
                tuple("reasoning", "thinking"), tuple("tool_call", "lookup_order"), tuple("text", "text"));
        assertThat(r.timing().firstOutputNanos()).isGreaterThan(r.firstTokenNanos());
    }

    @Test
    void anthropicErrorEventFailsWithItsMessage(Vertx vertx) throws Exception {
        assertThat(one(vertx, "anthropic", "anthropic-error.sse", "").error()).isEqualTo("error event in the stream: Overloaded");
    }

    @Test
    void responsesOutputItemsGiveToolCallReplyAndUsage(Vertx vertx) throws Exception {
        AgentResponse r = one(vertx, "openai-responses", "responses-function-call.sse", "");
        assertThat(r.error()).isNull();
        assertThat(r.reply()).isEqualTo("Shipped yesterday.");
        assertThat(r.toolsCalled()).containsExactly(new ToolCall("lookup_order", Map.of("order_id", "12345")));
        assertThat(r.finishReason()).isEqualTo("completed");
        assertThat(r.usage()).satisfies(u -> {
            assertThat(u.inputTokens()).isEqualTo(50);
            assertThat(u.cachedTokens()).isEqualTo(32);
            assertThat(u.reasoningTokens()).isEqualTo(6);
        });
        assertThat(r.trace()).extracting(TraceNode::node).containsExactly("tool_call", "text");
    }

    @Test
    void responsesFailedEventFailsWithItsMessage(Vertx vertx) throws Exception {
        assertThat(one(vertx, "openai-responses", "responses-failed.sse", "").error())
                .isEqualTo("the response failed: The model failed to respond");
    }

    @Test
    void vercelUiToolPartsBecomeAToolNodeTimedToItsOutputAndStepsBecomeNodes(Vertx vertx) throws Exception {
        AgentResponse r = one(vertx, "vercel-ui", "vercel-ui-tools.sse", "");
        assertThat(r.error()).isNull();
        assertThat(r.reply()).isEqualTo("It has shipped.");
        assertThat(r.toolsCalled()).containsExactly(new ToolCall("lookup_order", Map.of("order_id", "12345")));
        assertThat(r.usage().reported()).isTrue();
        assertThat(r.usage().outputTokens()).isEqualTo(12);
        assertThat(r.trace()).extracting(TraceNode::node).containsExactly("tool_call", "step", "text", "step");
        // Timed as the client reads it: a busy machine that reads the tool's start late shortens it, so the bound is loose.
        assertThat(r.trace().get(0).latencyMicros()).as("includes the tool's 200 ms run").isGreaterThanOrEqualTo(100_000);
    }

    @Test
    void genericSseEventsAreReadWithTheScenariosJsonPaths(Vertx vertx) throws Exception {
        AgentResponse r = one(vertx, "sse", "generic-events.sse", "  stream: { delta: $.text, tool_calls: $.tool }");
        assertThat(r.error()).isNull();
        assertThat(r.reply()).isEqualTo("Your refund takes 3-5 days.");
        assertThat(r.toolsCalled()).containsExactly(new ToolCall("get_refund_policy", Map.of("topic", "refund")));
        assertThat(r.usage().inputTokens()).isEqualTo(9);
        assertThat(r.conversationId()).isEqualTo("server-c-1");
    }

    @Test
    void genericSseWithoutItsEndFailsUnlessTheScenarioSaysItMayJustClose(Vertx vertx) throws Exception {
        String paths = "  stream: { delta: \"$.choices[0].delta.content\", done_data: ~, done_event: ~";
        assertThat(one(vertx, "sse", "openai-truncated.sse", paths + " }").error())
                .startsWith("the stream ended without its terminal event (the end of the stream)");
        AgentResponse lenient = one(vertx, "sse", "openai-truncated.sse", paths + ", require_done: false }");
        assertThat(lenient.error()).isNull();
        assertThat(lenient.reply()).isEqualTo("Half an answer");
    }

    private Drivers.Harness webSocket(Vertx vertx, String file, String extra) {
        return create(vertx, "  base_url: ws://127.0.0.1:" + server.port() + "\n  protocol: websocket\n"
                + "  websocket: { path: /ws/" + file + extra + " }");
    }

    @Test
    void aWebSocketTurnCollectsFramesUntilTheEndMarkerOnOneSocketPerConversation(Vertx vertx, VertxTestContext ctx) {
        TestSession session = new TestSession(1, "c1");
        webSocket(vertx, "ws-turn.txt", "").conversation(session, "one", "two").onComplete(ctx.succeeding(rs -> ctx.verify(() -> {
            AgentResponse r = rs.get(1);
            assertThat(r.error()).isNull();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.reply()).isEqualTo("Your order has shipped.");
            assertThat(r.toolsCalled()).containsExactly(new ToolCall("lookup_order", Map.of("order_id", "12345")));
            assertThat(r.usage().outputTokens()).isEqualTo(8);
            assertThat(r.finishReason()).isEqualTo("stop");
            assertThat(session.conversationId()).isEqualTo("ws-c-1");
            long handshakes = server.seen().stream().filter(s -> s.headers().contains("upgrade")).count();
            assertThat(handshakes).as("one socket for the conversation").isEqualTo(1);
            assertThat(server.seen().get(1).body()).contains("\"message\":\"one\"");
            ctx.completeNow();
        })));
    }

    @Test
    void aWebSocketPerTurnOpensASocketForEachTurn(Vertx vertx, VertxTestContext ctx) {
        webSocket(vertx, "ws-turn.txt", ", connection: per_turn").conversation(new TestSession(1, "c1"), "one", "two")
                .onComplete(ctx.succeeding(rs -> ctx.verify(() -> {
                    assertThat(rs).allSatisfy(r -> assertThat(r.error()).isNull());
                    assertThat(server.seen().stream().filter(s -> s.headers().contains("upgrade")).count()).isEqualTo(2);
                    ctx.completeNow();
                })));
    }

    @Test
    void aSocketThatClosesMidTurnFailsTheTurn(Vertx vertx, VertxTestContext ctx) {
        webSocket(vertx, "ws-close-early.txt", "").send(new TestSession(1, "c1"), "one").onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.error()).isEqualTo("the socket closed before the end of the turn (data: [DONE])");
            assertThat(r.reply()).isEqualTo("Partial ");
            ctx.completeNow();
        })));
    }
}
