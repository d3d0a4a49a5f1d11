package io.stampede.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Checks for agents added with the streaming protocols (tool arguments, JSON Schema), and the common checks on a streamed reply. */
class StreamedAgentChecksTest {

    private static Observation streamed(String reply, List<ToolCall> tools, long ttftMicros, long outputTokens, String finish) {
        return new Observation(200, reply, null, reply, null, tools, 900_000, ttftMicros,
                new Usage(50, outputTokens, 0, 0, true), finish);
    }

    private static Check check(String kind, Object arg) {
        return Checks.create(kind, new CheckArgument(arg));
    }

    @Test
    void toolArgsHoldsWhenACallOfTheToolContainsTheExpectedArgumentsPartially() {
        Check c = check("tool_args", Map.of("lookup_order", Map.of("order_id", "12345", "options", Map.of("fast", true))));
        Observation o = streamed("ok", List.of(
                new ToolCall("lookup_order", Map.of("order_id", "999")),
                new ToolCall("lookup_order", Map.of("order_id", 12345, "locale", "zh", "options", Map.of("fast", true, "x", 1)))),
                1000, 10, "stop");
        assertThat(c.verify(o)).isEmpty();
    }

    @Test
    void toolArgsSaysWhatTheToolWasCalledWithOrThatItWasNotCalled() {
        Check c = check("tool_args", Map.of("lookup_order", Map.of("order_id", "12345")));
        assertThat(c.verify(streamed("", List.of(new ToolCall("lookup_order", Map.of("order_id", "1"))), 1, 1, null)))
                .hasValue("tool lookup_order called with {\"order_id\":\"1\"}, expected {\"order_id\":\"12345\"}");
        assertThat(c.verify(streamed("", List.of(new ToolCall("cancel_order", Map.of())), 1, 1, null)))
                .hasValue("tool lookup_order not called (called: [cancel_order])");
    }

    @Test
    void toolArgsListsMustMatchItemByItem() {
        Check c = check("tool_args", Map.of("t", Map.of("ids", List.of(1, 2))));
        assertThat(c.verify(streamed("", List.of(new ToolCall("t", Map.of("ids", List.of(1, 2)))), 1, 1, null))).isEmpty();
        assertThat(c.verify(streamed("", List.of(new ToolCall("t", Map.of("ids", List.of(1, 2, 3)))), 1, 1, null))).isPresent();
    }

    @Test
    void toolArgsNeedsAMappingPerTool() {
        assertThatThrownBy(() -> check("tool_args", Map.of("lookup_order", "12345")))
                .hasMessage("the arguments of 'lookup_order' must be a mapping, e.g. lookup_order: { order_id: \"12345\" }");
    }

    private static final Map<String, Object> ORDER_SCHEMA = Map.of(
            "type", "object",
            "required", List.of("order_id", "status"),
            "properties", Map.of("order_id", Map.of("type", "string"), "status", Map.of("enum", List.of("shipped", "processing"))));

    @Test
    void jsonSchemaValidatesAStructuredReplyEvenInsideACodeFence() {
        Check c = check("json_schema", ORDER_SCHEMA);
        assertThat(c.verify(streamed("{\"order_id\": \"1\", \"status\": \"shipped\"}", List.of(), 1, 1, "stop"))).isEmpty();
        assertThat(c.verify(streamed("```json\n{\"order_id\": \"1\", \"status\": \"shipped\"}\n```", List.of(), 1, 1, "stop")))
                .isEmpty();
    }

    @Test
    void jsonSchemaSaysWhatDoesNotMatch() {
        Check c = check("json_schema", ORDER_SCHEMA);
        assertThat(c.verify(streamed("{\"order_id\": 1, \"status\": \"lost\"}", List.of(), 1, 1, null)).orElseThrow())
                .startsWith("reply does not match the JSON schema: ")
                .contains("order_id", "status");
        assertThat(c.verify(streamed("Your order has shipped.", List.of(), 1, 1, null)))
                .hasValue("reply is not JSON, so it cannot match the schema: \"Your order has shipped.\"");
    }

    @Test
    void jsonSchemaUsesTheBodyOfAStepWithoutReply() {
        Check c = check("json_schema", ORDER_SCHEMA);
        Observation request = new Observation(200, "{\"order_id\":\"1\",\"status\":\"processing\"}", null, null, null, List.of(),
                1000, -1, Usage.NONE, null);
        assertThat(c.verify(request)).isEmpty();
    }

    @Test
    void anInvalidSchemaIsALoadErrorNotARunTimeSurprise() {
        assertThatThrownBy(() -> check("json_schema", Map.of("type", "strng")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a valid JSON Schema: ");
    }

    @Test
    void ttftMaxTokensFinishReasonAndResponseMatchesReadAStreamedReply() {
        Observation o = streamed("步骤 1: open the order", List.of(), 420_000, 120, "stop");
        assertThat(check("ttft", "500ms").verify(o)).isEmpty();
        assertThat(check("ttft", "400ms").verify(o)).hasValue("time to first token 420ms over 400ms");
        assertThat(check("max_tokens", 100L).verify(o)).hasValue("120 output tokens, over 100");
        assertThat(check("finish_reason", "stop").verify(o)).isEmpty();
        assertThat(check("finish_reason", List.of("length")).verify(o)).hasValue("finish reason stop, expected length");
        assertThat(check("response_matches", "步骤\\s*1").verify(o)).isEmpty();
    }

    @Test
    void toolsCalledOrderModesHold() {
        Observation o = streamed("", List.of(new ToolCall("a", Map.of()), new ToolCall("x", Map.of()), new ToolCall("b", Map.of())),
                1, 1, null);
        assertThat(check("tools_called", Map.of("tools", List.of("a", "b"), "order", "in_order")).verify(o)).isEmpty();
        assertThat(check("tools_called", Map.of("tools", List.of("b", "a"), "order", "in_order")).verify(o)).isPresent();
        assertThat(check("tools_called", List.of("b", "a")).verify(o)).isEmpty();
        assertThat(check("tools_called", Map.of("tools", List.of("a", "b"), "order", "exact")).verify(o))
                .hasValue("tools called [a, x, b], expected [a, b] (exact)");
        assertThat(check("tools_called", Map.of("tools", List.of("a", "x", "b"), "order", "exact")).verify(o)).isEmpty();
    }
}
