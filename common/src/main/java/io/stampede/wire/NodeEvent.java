package io.stampede.wire;

/**
 * One sampled execution, for the events log and the live feed: a step of a user
 * ({@code node = "step"}) or a node of the agent's pipeline inside a step (llm_call, tool_call…).
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
        String error) {
}
