package io.stampede.demo;

import io.vertx.core.json.JsonObject;

/**
 * One wire dialect of a streamed turn. {@link TurnStream} decides when things happen; a format
 * only says how they look. Calls come in this order: {@link #open}, at most one
 * {@link #toolCall} and its {@link #toolResult}, {@link #text} for every piece (the first with {@code first}), {@link #finish}.
 */
interface StreamFormat {
    /** Right when the request arrives: headers and the dialect's opening events. */
    void open(StreamSink sink, Turn turn);

    /** When the agent calls its tool: the call as the dialect streams tool calls. */
    void toolCall(StreamSink sink, Turn turn, String callId, String name, JsonObject args);

    /** When the tool node ends, for dialects that show a tool's result. */
    default void toolResult(StreamSink sink, Turn turn, String callId, JsonObject result) {
    }

    void text(StreamSink sink, Turn turn, String piece, boolean first);

    /** After the last node: closing events, usage, and the end of the response. */
    void finish(StreamSink sink, Turn turn);

    /** {@code data: <json>} and a blank line. */
    static String data(JsonObject json) {
        return "data: " + json.encode() + "\n\n";
    }

    /** {@code event: <type>}, {@code data: <json>} and a blank line. */
    static String event(String type, JsonObject json) {
        return "event: " + type + "\ndata: " + json.encode() + "\n\n";
    }
}
