package io.stampede.protocol.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.stampede.check.ToolCall;
import io.stampede.protocol.AgentResponse;
import io.stampede.protocol.sse.StreamTurn;

/**
 * The chunk reader reads without a tree but must say what a tree said: the cases where a
 * token-by-token read could differ (a malformed chunk half read, repeated keys, odd value types).
 */
class ChatCompletionEventsTest {
    private static void event(StreamTurn turn, String data) {
        ChatCompletionEvents.INSTANCE.onEvent(null, data.getBytes(StandardCharsets.UTF_8), System.nanoTime(), turn);
    }

    private static AgentResponse end(StreamTurn turn) {
        event(turn, "[DONE]");
        return turn.toResponse(200, System.nanoTime(), "hi");
    }

    @Test
    void aChunkCutInTheMiddleFailsTheTurnAndAddsNothingOfWhatItHeldBeforeTheCut() {
        StreamTurn turn = new StreamTurn();
        event(turn, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"}}]}");
        event(turn, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\" world\"}}],\"usage\":{\"prompt_tokens\":");

        assertThat(turn.failed()).isTrue();
        assertThat(turn.error()).startsWith("an event is not valid JSON: \"{\"choices\"");
        assertThat(turn.text()).isEqualTo("Hello");
    }

    @Test
    void aRepeatedKeyCountsItsLastValueAsATreeDid() {
        StreamTurn turn = new StreamTurn();
        event(turn, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"first\"}}],"
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"A\",\"content\":\"B\"},\"finish_reason\":\"stop\"}],"
                + "\"intent\":\"x\",\"intent\":\"refund\"}");

        AgentResponse r = end(turn);
        assertThat(r.reply()).isEqualTo("B");
        assertThat(r.finishReason()).isEqualTo("stop");
        assertThat(r.intent()).isEqualTo("refund");
    }

    @Test
    void indexesAreReadAsATreesAsIntReadThemAndOnlyChoiceZeroIsTheReply() {
        StreamTurn turn = new StreamTurn();
        event(turn, "{\"choices\":[{\"index\":1,\"delta\":{\"content\":\"other\"}},{\"delta\":{\"content\":\"a\"}},"
                + "{\"index\":\"0\",\"delta\":{\"content\":\"b\"}},{\"index\":0.7,\"delta\":{\"content\":\"c\"}},7]}");
        event(turn, "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":\"1\",\"id\":\"t1\","
                + "\"function\":{\"name\":\"lookup_order\",\"arguments\":\"{\\\"order_id\\\":\"}}]}}]}");
        event(turn, "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"5}\"}}]},"
                + "\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}");

        AgentResponse r = end(turn);
        assertThat(r.reply()).isEqualTo("abc");
        assertThat(r.toolsCalled()).containsExactly(new ToolCall("lookup_order", Map.of("order_id", 5)));
        assertThat(r.usage().inputTokens()).isEqualTo(3);
        assertThat(r.usage().outputTokens()).isEqualTo(2);
    }

    @Test
    void anErrorFailsTheTurnWithItsMessageAndValidJsonThatIsNoObjectSaysNothing() {
        StreamTurn quiet = new StreamTurn();
        event(quiet, "[1, {\"a\": 2}]");
        event(quiet, "\"just text\"");
        event(quiet, "{\"choices\":[],\"error\":null,\"usage\":null,\"trace\":null}");
        assertThat(quiet.failed()).isFalse();

        StreamTurn failing = new StreamTurn();
        event(failing, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"partial\"}}],"
                + "\"error\":{\"message\":\"model overloaded\",\"type\":\"server_error\"}}");
        assertThat(failing.failed()).isTrue();
        assertThat(failing.error()).isEqualTo("error event in the stream: model overloaded");
        assertThat(failing.text()).as("the chunk that carried the error adds nothing").isEmpty();

        StreamTurn empty = new StreamTurn();
        event(empty, "  ");
        assertThat(empty.error()).isEqualTo("an event has no data");
    }

    @Test
    void theAgentsOwnFieldsAreReadAsPlainValues() {
        StreamTurn turn = new StreamTurn();
        event(turn, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"}}],\"conversation_id\":\"c-9\","
                + "\"tools_called\":[\"lookup_order\"],\"trace\":[{\"node\":\"llm_call\",\"name\":\"plan\",\"ms\":12}]}");

        AgentResponse r = end(turn);
        assertThat(r.conversationId()).isEqualTo("c-9");
        assertThat(r.toolsCalled()).extracting(ToolCall::name).contains("lookup_order");
        assertThat(r.trace()).extracting(t -> t.name()).contains("plan");
    }
}
