package io.stampede.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;

import io.stampede.protocol.ResponseFields;
import io.stampede.protocol.sse.EventReader;
import io.stampede.protocol.sse.JsonEvents;
import io.stampede.protocol.sse.StreamTurn;

/**
 * OpenAI chat-completions stream chunks ({@code chat.completion.chunk}), as OpenAI and the many
 * servers that copy it send them: text in {@code choices[0].delta.content}, reasoning in
 * {@code delta.reasoning_content} or {@code delta.reasoning}, tool calls as fragments in
 * {@code delta.tool_calls[]} merged by {@code index} (a new id at a seen index is a new call),
 * {@code finish_reason} possibly in a chunk whose delta is empty, usage in its own last chunk
 * with empty {@code choices}, and {@code data: [DONE]} at the end. A chunk with an
 * {@code error} fails the turn. Fields some agents add to chunks ({@code intent},
 * {@code tools_called}, {@code trace}, {@code conversation_id}) are read when present. Only
 * choice 0 is the reply.
 */
public final class ChatCompletionEvents implements EventReader {
    public static final ChatCompletionEvents INSTANCE = new ChatCompletionEvents();

    @Override
    public void onEvent(String event, byte[] data, long nanos, StreamTurn turn) {
        if (data.length == 6 && JsonEvents.is(data, "[DONE]")) {
            turn.done(nanos);
            return;
        }
        JsonNode chunk = JsonEvents.parse(data, turn);
        if (chunk == null) {
            return;
        }
        if (JsonEvents.present(chunk.get("error"))) {
            turn.fail("error event in the stream: " + JsonEvents.errorMessage(chunk.get("error")));
            return;
        }
        JsonNode choices = chunk.get("choices");
        if (choices != null && choices.isArray()) {
            for (JsonNode choice : choices) {
                if (choice.path("index").asInt(0) == 0) {
                    choice(choice, nanos, turn);
                }
            }
        }
        JsonNode usage = chunk.get("usage");
        if (usage != null && usage.isObject()) {
            turn.usage(ResponseFields.usage(JsonEvents.map(usage)));
        }
        agentFields(chunk, turn);
    }

    private static void choice(JsonNode choice, long nanos, StreamTurn turn) {
        JsonNode delta = choice.get("delta");
        if (delta != null && delta.isObject()) {
            turn.reasoning(JsonEvents.text(delta, "reasoning_content"), nanos);
            turn.reasoning(JsonEvents.text(delta, "reasoning"), nanos);
            turn.content(JsonEvents.text(delta, "content"), nanos);
            JsonNode calls = delta.get("tool_calls");
            if (calls != null && calls.isArray()) {
                for (JsonNode call : calls) {
                    toolFragment(call, nanos, turn);
                }
            }
        }
        turn.finishReason(JsonEvents.text(choice, "finish_reason"));
    }

    private static void toolFragment(JsonNode call, long nanos, StreamTurn turn) {
        JsonNode function = call.path("function");
        String name = JsonEvents.text(function, "name");
        String arguments = JsonEvents.text(function, "arguments");
        turn.toolAt(call.path("index").asInt(0), JsonEvents.text(call, "id"), nanos).name(name).arguments(arguments);
        if ((name != null && !name.isEmpty()) || (arguments != null && !arguments.isEmpty())) {
            turn.toolDelta(nanos);
        }
    }

    /** Fields an agent may add to its chunks (the demo agent does): they say what it did itself. */
    static void agentFields(JsonNode chunk, StreamTurn turn) {
        turn.intent(JsonEvents.text(chunk, "intent"));
        turn.conversationId(JsonEvents.text(chunk, "conversation_id"));
        if (JsonEvents.present(chunk.get("tools_called"))) {
            turn.agentTools(JsonEvents.plain(chunk.get("tools_called")));
        }
        if (JsonEvents.present(chunk.get("trace"))) {
            turn.agentTrace(JsonEvents.plain(chunk.get("trace")));
        }
    }

    @Override
    public String terminal() {
        return "data: [DONE]";
    }
}
