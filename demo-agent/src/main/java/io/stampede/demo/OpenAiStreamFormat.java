package io.stampede.demo;

import io.vertx.core.json.JsonObject;

/**
 * {@code chat.completion.chunk} events: a role-only chunk at once, the tool call as
 * {@code tool_calls} fragments (name first, then the arguments in two pieces), content chunks,
 * the final chunk with {@code finish_reason} and the agent's fields, the usage chunk when
 * {@code stream_options.include_usage} asked for it, and {@code data: [DONE]}.
 */
final class OpenAiStreamFormat implements StreamFormat {
    private final String id;
    private final long created;
    private final boolean includeUsage;

    OpenAiStreamFormat(String id, long created, boolean includeUsage) {
        this.id = id;
        this.created = created;
        this.includeUsage = includeUsage;
    }

    @Override
    public void open(StreamSink sink, Turn turn) {
        sink.write(StreamFormat.data(OpenAiJson.roleChunk(id, created)));
    }

    @Override
    public void toolCall(StreamSink sink, Turn turn, String callId, String name, JsonObject args) {
        String arguments = args.encode();
        int half = arguments.length() / 2;
        sink.write(StreamFormat.data(OpenAiJson.toolCallStart(id, created, callId, name)));
        sink.write(StreamFormat.data(OpenAiJson.toolCallArguments(id, created, arguments.substring(0, half))));
        sink.write(StreamFormat.data(OpenAiJson.toolCallArguments(id, created, arguments.substring(half))));
    }

    @Override
    public void text(StreamSink sink, Turn turn, String piece, boolean first) {
        sink.write(StreamFormat.data(OpenAiJson.contentChunk(id, created, piece)));
    }

    @Override
    public void finish(StreamSink sink, Turn turn) {
        sink.write(StreamFormat.data(OpenAiJson.finalChunk(id, created, turn)));
        if (includeUsage) {
            sink.write(StreamFormat.data(OpenAiJson.usageChunk(id, created, turn)));
        }
        sink.end("data: [DONE]\n\n");
    }
}
