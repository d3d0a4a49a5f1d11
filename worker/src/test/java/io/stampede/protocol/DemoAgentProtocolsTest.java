package io.stampede.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.stampede.check.ToolCall;
import io.stampede.demo.DemoAgent;
import io.stampede.demo.DemoAgentOptions;
import io.stampede.trace.TraceNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;

/**
 * Every protocol against the demo agent over real sockets: a two-turn refund conversation
 * where the second turn only makes sense with the first (the agent recalls the refund intent
 * from the history it was sent or remembers), so a passing second turn shows the conversation
 * reached the server.
 */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class DemoAgentProtocolsTest {
    private DemoAgent agent;

    @BeforeEach
    void start(Vertx vertx, VertxTestContext ctx) {
        DemoAgent.start(vertx, new DemoAgentOptions().setPort(0).setSeed(5).setLatencyScale(0.05))
                .onComplete(ctx.succeeding(a -> {
                    agent = a;
                    ctx.completeNow();
                }));
    }

    @AfterEach
    void stop() {
        agent.stop();
    }

    @ParameterizedTest(name = "{0} stream={1}")
    @CsvSource({"openai, true", "openai, false", "openai-responses, true", "openai-responses, false",
            "anthropic, true", "anthropic, false", "vercel-ui, true"})
    void aTwoTurnConversationKeepsItsHistoryAndReadsReplyToolsUsageAndNodes(String protocol, boolean stream, Vertx vertx,
                                                                           VertxTestContext ctx) {
        Drivers.Harness h = Drivers.create(vertx, "  base_url: http://127.0.0.1:" + agent.port() + "\n  protocol: " + protocol
                + "\n  model: demo-gpt\n" + (protocol.equals("vercel-ui") ? "" : "  request: { stream: " + stream + " }"));
        TestSession session = new TestSession(1, "c1");
        h.conversation(session, "你好，我想了解退款流程", "能给我具体步骤吗？").onComplete(ctx.succeeding(rs -> ctx.verify(() -> {
            AgentResponse second = rs.get(1);
            assertThat(rs).allSatisfy(r -> assertThat(r.error()).isNull());
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.reply()).contains("退款", "步骤");
            assertThat(second.toolsCalled()).extracting(ToolCall::name).contains("get_refund_policy");
            assertThat(second.usage().reported()).isTrue();
            assertThat(second.usage().inputTokens()).as("the history is part of the input")
                    .isGreaterThan(rs.get(0).usage().inputTokens());
            assertThat(session.history()).hasSize(4);
            assertThat(second.trace()).extracting(TraceNode::node).contains("tool_call");
            if (stream) {
                assertThat(second.firstTokenNanos()).isPositive();
                assertThat(second.timing().firstOutputNanos()).isGreaterThan(second.firstTokenNanos());
                assertThat(second.timing().gaps()).isPositive();
            }
            ctx.completeNow();
        })));
    }

    @Test
    void theOpenAiStreamCarriesToolCallDeltasAndTheAgentsOwnTrace(Vertx vertx, VertxTestContext ctx) {
        Drivers.Harness h = Drivers.create(vertx, "  base_url: http://127.0.0.1:" + agent.port()
                + "\n  protocol: openai\n  model: demo-gpt");
        h.send(new TestSession(2, "c2"), "Where is my order 12345?").onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.error()).isNull();
            assertThat(r.intent()).isEqualTo("order_status");
            assertThat(r.toolsCalled()).containsExactly(new ToolCall("lookup_order", java.util.Map.of("order_id", "12345")));
            assertThat(r.trace()).extracting(TraceNode::name).contains("classify_intent", "lookup_order", "compose_reply");
            assertThat(r.finishReason()).isEqualTo("stop");
            ctx.completeNow();
        })));
    }

    @Test
    void genericSseReadsTheOpenAiStreamThroughJsonPaths(Vertx vertx, VertxTestContext ctx) {
        Drivers.Harness h = Drivers.create(vertx, "  base_url: http://127.0.0.1:" + agent.port() + "\n  protocol: sse\n"
                + "  request: { path: /v1/chat/completions, body: { model: demo-gpt, stream: true, messages: \"{{messages}}\" } }\n"
                + "  stream: { delta: \"$.choices[0].delta.content\", finish_reason: \"$.choices[0].finish_reason\","
                + " tool_calls: $.tools_called }");
        TestSession session = new TestSession(3, "c3");
        h.conversation(session, "你好，我想了解退款流程", "能给我具体步骤吗？").onComplete(ctx.succeeding(rs -> ctx.verify(() -> {
            AgentResponse r = rs.get(1);
            assertThat(r.error()).isNull();
            assertThat(r.reply()).contains("步骤");
            assertThat(r.intent()).isEqualTo("refund");
            assertThat(r.finishReason()).isEqualTo("stop");
            assertThat(r.toolsCalled()).extracting(ToolCall::name).containsExactly("get_refund_policy");
            ctx.completeNow();
        })));
    }

    @Test
    void webSocketTurnsShareOneSocketAndTheAgentRemembersTheConversation(Vertx vertx, VertxTestContext ctx) {
        Drivers.Harness h = Drivers.create(vertx, "  base_url: ws://127.0.0.1:" + agent.port() + "\n  protocol: websocket\n"
                + "  websocket: { path: /ws }");
        h.conversation(new TestSession(4, "c4"), "你好，我想了解退款流程", "能给我具体步骤吗？")
                .onComplete(ctx.succeeding(rs -> ctx.verify(() -> {
                    AgentResponse r = rs.get(1);
                    assertThat(rs).allSatisfy(x -> assertThat(x.error()).isNull());
                    assertThat(r.intent()).isEqualTo("refund");
                    assertThat(r.reply()).contains("退款", "步骤");
                    assertThat(r.usage().reported()).isTrue();
                    assertThat(r.trace()).extracting(TraceNode::name).contains("recall_intent");
                    assertThat(r.timing().gaps()).isPositive();
                    ctx.completeNow();
                })));
    }

    static List<String> names(List<ToolCall> calls) {
        return calls.stream().map(ToolCall::name).toList();
    }
}
