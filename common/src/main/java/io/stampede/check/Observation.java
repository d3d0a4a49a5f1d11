package io.stampede.check;

import java.util.List;

/**
 * What was observed for one step, as the checks see it. Protocol drivers fill it in; a value
 * the protocol does not provide is null (or empty), and a check that needs it fails saying so.
 *
 * @param status        HTTP status (0 when the transport failed before a status)
 * @param body          raw response text (for streams: the concatenated reply text)
 * @param json          the parsed JSON body (Map/List/scalar), or null when not JSON
 * @param reply         the agent's answer text, as mapped by the protocol
 * @param intent        detected intent, when the agent reports one
 * @param toolsCalled   tools called during the turn, in order
 * @param latencyMicros from the intended send time to the last byte
 * @param ttftMicros    time to first token, or -1 when not streamed
 * @param usage         tokens of the turn
 * @param finishReason  why generation stopped, when the protocol says
 * @param truncation    set when only the start of the reply (or body) was kept: {@code body},
 *                      {@code reply} and {@code json} then hold what was kept (no JSON for a cut body)
 * @param expectedReply what the agent answered to this turn in the dataset ({@code from_dataset}), or null
 */
public record Observation(
        int status,
        String body,
        Object json,
        String reply,
        String intent,
        List<ToolCall> toolsCalled,
        long latencyMicros,
        long ttftMicros,
        Usage usage,
        String finishReason,
        Truncation truncation,
        String expectedReply) {

    /** An observation of a step that has no expected reply. */
    public Observation(int status, String body, Object json, String reply, String intent, List<ToolCall> toolsCalled,
                       long latencyMicros, long ttftMicros, Usage usage, String finishReason, Truncation truncation) {
        this(status, body, json, reply, intent, toolsCalled, latencyMicros, ttftMicros, usage, finishReason, truncation, null);
    }

    /** The same observation with the turn's expected reply. */
    public Observation withExpectedReply(String expected) {
        return new Observation(status, body, json, reply, intent, toolsCalled, latencyMicros, ttftMicros, usage, finishReason,
                truncation, expected);
    }

    public Observation {
        toolsCalled = toolsCalled == null ? List.of() : toolsCalled;
        usage = usage == null ? Usage.NONE : usage;
    }

    /** A reply kept whole. */
    public Observation(int status, String body, Object json, String reply, String intent, List<ToolCall> toolsCalled,
                       long latencyMicros, long ttftMicros, Usage usage, String finishReason) {
        this(status, body, json, reply, intent, toolsCalled, latencyMicros, ttftMicros, usage, finishReason, null);
    }
}
