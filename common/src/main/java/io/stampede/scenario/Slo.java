package io.stampede.scenario;

/**
 * The scenario's service-level objectives ({@code slo:}): what a conversation must meet, beyond
 * its checks, to count as <em>good</em>. Per turn (every exchange with the agent) and per
 * conversation; a limit that is null is not set. A conversation is good when every check passed
 * and every objective held (docs/SCENARIO.md, "slo").
 *
 * @param turn         limits every exchange of the conversation must keep
 * @param conversation limits of the conversation as a whole
 */
public record Slo(Turn turn, Conversation conversation) {
    /** No objectives: good means every check passed. */
    public static final Slo NONE = new Slo(Turn.NONE, Conversation.NONE);

    /**
     * @param latencyMs latency from the intended send time to the end of the answer
     * @param ttftMs    time to first token (streamed turns only)
     * @param itlMs     the longest gap between two content events of the turn (streamed turns only)
     * @param tpotMs    time per output token of the turn (streamed turns with two tokens or more)
     * @param tokens    output tokens of the turn
     */
    public record Turn(Double latencyMs, Double ttftMs, Double itlMs, Double tpotMs, Long tokens) {
        public static final Turn NONE = new Turn(null, null, null, null, null);
    }

    /**
     * @param timeToResolutionMs from the intended send of the first exchange to the end of the last answer
     * @param worstTurnTtftMs    the slowest time to first token among the conversation's turns
     * @param tokens             input and output tokens of the whole conversation
     * @param cost               cost of those tokens with the target model's pricing
     */
    public record Conversation(Double timeToResolutionMs, Double worstTurnTtftMs, Long tokens, Double cost) {
        public static final Conversation NONE = new Conversation(null, null, null, null);
    }

    public boolean isEmpty() {
        return equals(NONE);
    }
}
