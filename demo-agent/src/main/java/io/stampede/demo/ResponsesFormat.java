package io.stampede.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * OpenAI Responses API stream: {@code response.created}, the tool call as a
 * {@code function_call} output item (added, argument deltas, done), the reply as a
 * {@code message} item with {@code response.output_text.delta} events, and
 * {@code response.completed} with the usage. Every event is named by {@code event:} and by
 * its data's {@code type}, with a {@code sequence_number}.
 */
final class ResponsesFormat implements StreamFormat {
    private final String id;
    private int sequence;
    private int items;
    private String messageId;

    ResponsesFormat(String id) {
        this.id = id;
    }

    private String event(String type, JsonObject data) {
        return StreamFormat.event(type, data.put("type", type).put("sequence_number", sequence++));
    }

    private JsonObject response(String status, Turn turn) {
        JsonObject r = new JsonObject().put("id", id).put("object", "response").put("status", status).put("model", Turn.MODEL);
        if (turn != null) {
            r.put("usage", new JsonObject().put("input_tokens", turn.inputTokens()).put("output_tokens", turn.outputTokens())
                    .put("total_tokens", turn.inputTokens() + turn.outputTokens()));
        }
        return r;
    }

    @Override
    public void open(StreamSink sink, Turn turn) {
        sink.write(event("response.created", new JsonObject().put("response", response("in_progress", null))));
    }

    @Override
    public void toolCall(StreamSink sink, Turn turn, String callId, String name, JsonObject args) {
        int index = items++;
        String arguments = args.encode();
        JsonObject item = new JsonObject().put("type", "function_call").put("id", "fc_" + callId).put("call_id", callId)
                .put("name", name).put("arguments", "").put("status", "in_progress");
        sink.write(event("response.output_item.added", new JsonObject().put("output_index", index).put("item", item)));
        sink.write(event("response.function_call_arguments.delta", new JsonObject().put("output_index", index)
                .put("item_id", "fc_" + callId).put("delta", arguments)));
        sink.write(event("response.output_item.done", new JsonObject().put("output_index", index)
                .put("item", item.copy().put("arguments", arguments).put("status", "completed"))));
    }

    @Override
    public void text(StreamSink sink, Turn turn, String piece, boolean first) {
        if (first) {
            messageId = "msg_" + id;
            sink.write(event("response.output_item.added", new JsonObject().put("output_index", items)
                    .put("item", new JsonObject().put("type", "message").put("id", messageId).put("role", "assistant")
                            .put("status", "in_progress").put("content", new JsonArray()))));
        }
        sink.write(event("response.output_text.delta", new JsonObject().put("output_index", items).put("item_id", messageId)
                .put("content_index", 0).put("delta", piece)));
    }

    @Override
    public void finish(StreamSink sink, Turn turn) {
        sink.write(event("response.output_item.done", new JsonObject().put("output_index", items)
                .put("item", new JsonObject().put("type", "message").put("id", messageId).put("role", "assistant")
                        .put("status", "completed").put("content", new JsonArray().add(new JsonObject()
                                .put("type", "output_text").put("text", turn.reply()))))));
        sink.end(event("response.completed", new JsonObject().put("response", response("completed", turn))));
    }
}
