package io.stampede.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The OpenAI chat-completions wire format for a {@link Turn}. Besides the standard fields,
 * the completion and the final stream chunk carry the agent's {@code intent},
 * {@code tools_called} and {@code trace}; OpenAI clients ignore fields they do not know.
 * The stream also shows the tool call as OpenAI {@code tool_calls} deltas (the agent ran the
 * tool itself, so the answer still ends with text and {@code finish_reason: stop}).
 */
final class OpenAiJson {
    private OpenAiJson() {
    }

    static JsonObject completion(String id, long created, Turn turn) {
        JsonObject message = new JsonObject().put("role", "assistant").put("content", turn.reply());
        return withAgentFields(header(id, created, "chat.completion")
                .put("choices", new JsonArray().add(new JsonObject()
                        .put("index", 0).put("message", message).put("finish_reason", "stop")))
                .put("usage", usage(turn)), turn);
    }

    /** The first chunk, sent as the response opens: the role and no content, as OpenAI does. */
    static JsonObject roleChunk(String id, long created) {
        return chunk(id, created, new JsonObject().put("role", "assistant").put("content", ""), null);
    }

    static JsonObject contentChunk(String id, long created, String content) {
        return chunk(id, created, new JsonObject().put("content", content), null);
    }

    /** The first fragment of a tool call: index, id, type and name, empty arguments. */
    static JsonObject toolCallStart(String id, long created, String callId, String name) {
        return chunk(id, created, new JsonObject().put("tool_calls", new JsonArray().add(new JsonObject()
                .put("index", 0).put("id", callId).put("type", "function")
                .put("function", new JsonObject().put("name", name).put("arguments", "")))), null);
    }

    /** A later fragment: only the index and a piece of the arguments' JSON text. */
    static JsonObject toolCallArguments(String id, long created, String fragment) {
        return chunk(id, created, new JsonObject().put("tool_calls", new JsonArray().add(new JsonObject()
                .put("index", 0).put("function", new JsonObject().put("arguments", fragment)))), null);
    }

    static JsonObject finalChunk(String id, long created, Turn turn) {
        return withAgentFields(chunk(id, created, new JsonObject(), "stop"), turn);
    }

    /** The extra chunk with empty choices that {@code stream_options.include_usage} asks for. */
    static JsonObject usageChunk(String id, long created, Turn turn) {
        return header(id, created, "chat.completion.chunk").put("choices", new JsonArray()).put("usage", usage(turn));
    }

    private static JsonObject chunk(String id, long created, JsonObject delta, String finishReason) {
        return header(id, created, "chat.completion.chunk")
                .put("choices", new JsonArray().add(new JsonObject()
                        .put("index", 0).put("delta", delta).put("finish_reason", finishReason)));
    }

    private static JsonObject header(String id, long created, String object) {
        return new JsonObject().put("id", id).put("object", object).put("created", created).put("model", Turn.MODEL);
    }

    private static JsonObject usage(Turn turn) {
        return new JsonObject()
                .put("prompt_tokens", turn.inputTokens())
                .put("completion_tokens", turn.outputTokens())
                .put("total_tokens", turn.inputTokens() + turn.outputTokens());
    }

    private static JsonObject withAgentFields(JsonObject json, Turn turn) {
        return json.put("intent", turn.intent().wireName())
                .put("tools_called", turn.toolsCalled())
                .put("trace", turn.traceJson());
    }
}
