package io.stampede.wire;

/**
 * One sampled execution, for the events log and the live feed: a step of a user
 * ({@code node = "step"}), a node of the agent's pipeline inside a step (llm_call, tool_call…), or
 * a judge's verdict ({@code node = "judge"}: {@code detail} holds its score, pass_if, reasoning and
 * the prompt it was given; status {@code pass}, {@code fail} or {@code not_evaluated}).
 */
public record NodeEvent(
        long ts,
        String runId,
        int userId,
        int iteration,
        String step,
        String node,
        String name,
        String status,
        double latencyMs,
        long tokens,
        String error,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        java.util.Map<String, Object> detail) {

    /** An event without detail. */
    public NodeEvent(long ts, String runId, int userId, int iteration, String step, String node, String name, String status,
                     double latencyMs, long tokens, String error) {
        this(ts, runId, userId, iteration, step, node, name, status, latencyMs, tokens, error, null);
    }
}
