package io.stampede.dataset;

import java.util.List;

/**
 * One conversation of a dataset, as a virtual user replays it: the user's turns in order, each
 * with the reply the dataset recorded for it (the expected reply, for checks), and what a
 * recording or a synthetic workload adds: the think time before the turn and the output tokens
 * to ask for. Immutable; made by {@link ConversationFormat} or {@link SyntheticPrompts}.
 *
 * @param row      the row's number in its file (0-based), or the draw for synthetic prompts
 * @param system   the system message, or null
 * @param startMs  for a recording: when the conversation began, in ms after its run's start; else -1
 */
public record Conversation(long row, String system, List<Turn> turns, double startMs) {

    /**
     * @param user          what the user says
     * @param expectedReply what the agent answered in the dataset, or null when it holds none
     * @param thinkMs       a recording's pause before this turn (from the previous reply's end), or -1
     * @param maxTokens     output tokens to ask for ({@code max_tokens}), or 0 for none
     */
    public record Turn(String user, String expectedReply, long thinkMs, int maxTokens) {
    }

    public Conversation {
        turns = List.copyOf(turns);
    }
}
