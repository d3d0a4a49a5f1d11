package io.stampede.demo;

import io.vertx.core.json.JsonObject;

/**
 * The Vercel AI SDK UI message stream ({@code useChat}): {@code start}, {@code start-step}, the
 * tool as {@code tool-input-start}/{@code tool-input-available}/{@code tool-output-available}
 * (the agent runs it), {@code finish-step} and a new step for the reply's {@code text-start},
 * {@code text-delta}s and {@code text-end}, then {@code finish} (with the usage in its
 * {@code messageMetadata}) and {@code data: [DONE]}.
 */
final class VercelUiFormat implements StreamFormat {
    private final String id;

    VercelUiFormat(String id) {
        this.id = id;
    }

    private static String part(String type, JsonObject json) {
        return StreamFormat.data(json.put("type", type));
    }

    @Override
    public void open(StreamSink sink, Turn turn) {
        sink.write(part("start", new JsonObject().put("messageId", id)));
        sink.write(part("start-step", new JsonObject()));
    }

    @Override
    public void toolCall(StreamSink sink, Turn turn, String callId, String name, JsonObject args) {
        sink.write(part("tool-input-start", new JsonObject().put("toolCallId", callId).put("toolName", name)));
        sink.write(part("tool-input-available", new JsonObject().put("toolCallId", callId).put("toolName", name)
                .put("input", args)));
    }

    @Override
    public void toolResult(StreamSink sink, Turn turn, String callId, JsonObject result) {
        sink.write(part("tool-output-available", new JsonObject().put("toolCallId", callId).put("output", result)));
        sink.write(part("finish-step", new JsonObject()));
        sink.write(part("start-step", new JsonObject()));
    }

    @Override
    public void text(StreamSink sink, Turn turn, String piece, boolean first) {
        if (first) {
            sink.write(part("text-start", new JsonObject().put("id", "text-1")));
        }
        sink.write(part("text-delta", new JsonObject().put("id", "text-1").put("delta", piece)));
    }

    @Override
    public void finish(StreamSink sink, Turn turn) {
        sink.write(part("text-end", new JsonObject().put("id", "text-1")));
        sink.write(part("finish-step", new JsonObject()));
        sink.write(part("finish", new JsonObject().put("messageMetadata", new JsonObject().put("usage", new JsonObject()
                .put("inputTokens", turn.inputTokens()).put("outputTokens", turn.outputTokens())))));
        sink.end("data: [DONE]\n\n");
    }
}
