package io.stampede.trace;

/**
 * One node of the agent's own pipeline in a turn (llm_call, tool_call, rag, memory…), read
 * from the response: a trace array, stream events, or the stream's structure.
 */
public record TraceNode(String node, String name, boolean ok, long latencyMicros, long tokens, String error) {
}
