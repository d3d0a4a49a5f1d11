package io.stampede.protocol;

import java.util.List;

import io.stampede.check.ToolCall;
import io.stampede.check.Truncation;
import io.stampede.check.Usage;
import io.stampede.trace.TraceNode;

/**
 * What a protocol driver read from one exchange. The engine adds timing relative to the
 * intended start and builds the checks' {@code Observation} from it.
 *
 * @param error           why the exchange failed at transport or protocol level (connection
 *                        refused, timeout, malformed stream, error event in a 200 stream), or null
 * @param firstTokenNanos {@link System#nanoTime()} of the first content token, or -1
 * @param endNanos        {@link System#nanoTime()} of the last byte
 * @param timing          arrival times of a streamed answer (first output, gaps between content
 *                        events), or null when the answer was not streamed
 * @param truncation      set when only the start of the reply (or body) was kept
 *                        ({@code target.max_reply_bytes}): {@code body} and {@code reply} hold that start
 */
public record AgentResponse(
        int status,
        String body,
        Object json,
        String reply,
        String intent,
        List<ToolCall> toolsCalled,
        Usage usage,
        String finishReason,
        List<TraceNode> trace,
        String conversationId,
        long firstTokenNanos,
        long endNanos,
        String error,
        TokenTiming timing,
        Truncation truncation) {

    /** A response kept whole. */
    public AgentResponse(int status, String body, Object json, String reply, String intent, List<ToolCall> toolsCalled,
                         Usage usage, String finishReason, List<TraceNode> trace, String conversationId,
                         long firstTokenNanos, long endNanos, String error, TokenTiming timing) {
        this(status, body, json, reply, intent, toolsCalled, usage, finishReason, trace, conversationId, firstTokenNanos,
                endNanos, error, timing, null);
    }

    /** A response that was not streamed. */
    public AgentResponse(int status, String body, Object json, String reply, String intent, List<ToolCall> toolsCalled,
                         Usage usage, String finishReason, List<TraceNode> trace, String conversationId,
                         long firstTokenNanos, long endNanos, String error) {
        this(status, body, json, reply, intent, toolsCalled, usage, finishReason, trace, conversationId, firstTokenNanos,
                endNanos, error, null, null);
    }

    public static AgentResponse failed(String error, int status, String body) {
        return new AgentResponse(status, body, null, null, null, List.of(), Usage.NONE, null, List.of(), null, -1,
                System.nanoTime(), error, null, null);
    }

    /** The same response with other tokens. */
    public AgentResponse withUsage(Usage counted) {
        return new AgentResponse(status, body, json, reply, intent, toolsCalled, counted, finishReason, trace, conversationId,
                firstTokenNanos, endNanos, error, timing, truncation);
    }

    public boolean transportOk() {
        return error == null;
    }
}
