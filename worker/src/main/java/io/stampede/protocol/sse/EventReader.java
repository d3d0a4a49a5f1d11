package io.stampede.protocol.sse;

/**
 * One dialect of event stream (OpenAI chunks, Responses events, Anthropic messages, Vercel UI
 * parts, a generic JSON mapping): turns each complete event into what the {@link StreamTurn}
 * records, marks the terminal event with {@link StreamTurn#done}, and an error event with
 * {@link StreamTurn#fail}. Unknown event types are ignored. One instance may serve many
 * exchanges: all per-turn state lives in the turn.
 */
public interface EventReader {
    /** {@code event} is the SSE event type or null; {@code data} the event's data, UTF-8. */
    void onEvent(String event, byte[] data, long nanos, StreamTurn turn);

    /** The terminal event as a user would recognise it, for failure reasons: {@code data: [DONE]}. */
    String terminal();

    /** False when a stream may simply close at its end (a generic stream configured so). */
    default boolean requiresTerminal() {
        return true;
    }
}
