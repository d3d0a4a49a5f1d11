package io.stampede.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The demo agent's own WebSocket dialect, one JSON text frame per event: {@code {"delta": ...}}
 * for text, {@code {"tool_calls": [{name, args}]}} when the tool runs, then a closing frame with
 * {@code finish_reason}, {@code usage}, {@code intent}, {@code conversation_id} and the
 * {@code trace}, and a last text frame {@code [DONE]}. These are the default paths of
 * Stampede's {@code target.stream}, so a websocket scenario needs no mapping.
 */
final class WebSocketFormat implements StreamFormat {
    @Override
    public void open(StreamSink sink, Turn turn) {
        // a socket is already open: nothing to announce
    }

    @Override
    public void toolCall(StreamSink sink, Turn turn, String callId, String name, JsonObject args) {
        sink.write(new JsonObject().put("tool_calls", new JsonArray().add(new JsonObject().put("name", name).put("args", args)))
                .encode());
    }

    @Override
    public void text(StreamSink sink, Turn turn, String piece, boolean first) {
        sink.write(new JsonObject().put("delta", piece).encode());
    }

    @Override
    public void finish(StreamSink sink, Turn turn) {
        sink.write(new JsonObject().put("finish_reason", "stop").put("conversation_id", turn.conversationId())
                .put("intent", turn.intent().wireName())
                .put("usage", new JsonObject().put("input_tokens", turn.inputTokens()).put("output_tokens", turn.outputTokens()))
                .put("trace", turn.traceJson()).encode());
        sink.end("[DONE]");
    }
}
