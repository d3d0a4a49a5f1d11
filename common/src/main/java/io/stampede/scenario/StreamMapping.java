package io.stampede.scenario;

import io.stampede.json.JsonQuery;

/**
 * How the generic {@code sse} protocol (and {@code websocket} frames) read a stream of JSON
 * events, from {@code target.stream}: a JSON path per thing an event may carry, and what ends
 * the stream. A path that finds nothing in an event means the event does not carry that thing;
 * a path the scenario turned off ({@code ~}) is null. Data that is not JSON is a text delta.
 *
 * @param doneData    an event whose whole data is this text ends the stream ({@code [DONE]}), or null
 * @param doneEvent   an SSE event of this type ({@code event: done}) ends the stream, or null
 * @param donePath    an event where this path finds a value other than false/null ends the stream, or null
 * @param requireDone when true, a stream that closes before one of the above is a failed step
 */
public record StreamMapping(
        JsonQuery delta,
        JsonQuery reasoning,
        JsonQuery toolCalls,
        JsonQuery usage,
        JsonQuery finishReason,
        JsonQuery error,
        JsonQuery intent,
        JsonQuery trace,
        JsonQuery conversationId,
        String doneData,
        String doneEvent,
        JsonQuery donePath,
        boolean requireDone) {
}
