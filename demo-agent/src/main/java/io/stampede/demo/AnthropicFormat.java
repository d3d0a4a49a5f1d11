package io.stampede.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Anthropic Messages API, streamed and whole. The tool the agent runs itself is a
 * {@code server_tool_use} block (as Anthropic shows tools that run on its side), the reply a
 * {@code text} block; the stream is {@code message_start}, {@code ping}, the blocks with their
 * deltas, {@code message_delta} (stop reason, output usage) and {@code message_stop}.
 */
final class AnthropicFormat implements StreamFormat {
    private final String id;
    private int blocks;

    AnthropicFormat(String id) {
        this.id = id;
    }

    @Override
    public void open(StreamSink sink, Turn turn) {
        JsonObject message = new JsonObject().put("id", id).put("type", "message").put("role", "assistant")
                .put("model", Turn.MODEL).put("content", new JsonArray()).putNull("stop_reason")
                .put("usage", new JsonObject().put("input_tokens", turn.inputTokens()).put("output_tokens", 1));
        sink.write(StreamFormat.event("message_start", new JsonObject().put("type", "message_start").put("message", message)));
        sink.write(StreamFormat.event("ping", new JsonObject().put("type", "ping")));
    }

    @Override
    public void toolCall(StreamSink sink, Turn turn, String callId, String name, JsonObject args) {
        int index = blocks++;
        String input = args.encode();
        int half = input.length() / 2;
        sink.write(StreamFormat.event("content_block_start", new JsonObject().put("type", "content_block_start")
                .put("index", index).put("content_block", new JsonObject().put("type", "server_tool_use")
                        .put("id", callId).put("name", name).put("input", new JsonObject()))));
        sink.write(inputDelta(index, input.substring(0, half)));
        sink.write(inputDelta(index, input.substring(half)));
        sink.write(StreamFormat.event("content_block_stop", new JsonObject().put("type", "content_block_stop").put("index", index)));
    }

    private static String inputDelta(int index, String json) {
        return StreamFormat.event("content_block_delta", new JsonObject().put("type", "content_block_delta").put("index", index)
                .put("delta", new JsonObject().put("type", "input_json_delta").put("partial_json", json)));
    }

    @Override
    public void text(StreamSink sink, Turn turn, String piece, boolean first) {
        if (first) {
            sink.write(StreamFormat.event("content_block_start", new JsonObject().put("type", "content_block_start")
                    .put("index", blocks).put("content_block", new JsonObject().put("type", "text").put("text", ""))));
        }
        sink.write(StreamFormat.event("content_block_delta", new JsonObject().put("type", "content_block_delta")
                .put("index", blocks).put("delta", new JsonObject().put("type", "text_delta").put("text", piece))));
    }

    @Override
    public void finish(StreamSink sink, Turn turn) {
        sink.write(StreamFormat.event("content_block_stop", new JsonObject().put("type", "content_block_stop").put("index", blocks)));
        sink.write(StreamFormat.event("message_delta", new JsonObject().put("type", "message_delta")
                .put("delta", new JsonObject().put("stop_reason", "end_turn").putNull("stop_sequence"))
                .put("usage", new JsonObject().put("output_tokens", turn.outputTokens()))));
        sink.end(StreamFormat.event("message_stop", new JsonObject().put("type", "message_stop")));
    }

    /** The whole {@code message} object of a non-streamed answer. */
    static JsonObject message(String id, Turn turn, String callId) {
        JsonArray content = new JsonArray();
        if (!turn.toolsCalled().isEmpty()) {
            JsonObject call = turn.toolsCalled().getJsonObject(0);
            content.add(new JsonObject().put("type", "server_tool_use").put("id", callId).put("name", call.getString("name"))
                    .put("input", call.getJsonObject("args", new JsonObject())));
        }
        content.add(new JsonObject().put("type", "text").put("text", turn.reply()));
        return new JsonObject().put("id", id).put("type", "message").put("role", "assistant").put("model", Turn.MODEL)
                .put("content", content).put("stop_reason", "end_turn").putNull("stop_sequence")
                .put("usage", new JsonObject().put("input_tokens", turn.inputTokens()).put("output_tokens", turn.outputTokens()));
    }
}
