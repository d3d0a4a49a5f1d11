package io.stampede.clientspan;

import io.stampede.scenario.CallToolStep;
import io.stampede.scenario.SendStep;
import io.stampede.scenario.Step;

/**
 * One exchange with the agent as Stampede's client span tells it.
 *
 * @param traceparent   the W3C traceparent the request carried: its trace id and span id are the span's
 * @param operation     {@code gen_ai.operation.name}: chat (a send step), execute_tool (call_tool), or null (request)
 * @param intendedNanos when the step was meant to start (System.nanoTime): latency counts from there
 * @param endNanos      when the answer ended (System.nanoTime)
 * @param ttftMicros    time to first token, -1 when not streamed
 */
public record Exchange(String traceparent, String runId, String step, String operation, String model, long intendedNanos,
                       long endNanos, boolean ok, String error, long ttftMicros, long inputTokens, long outputTokens, int user,
                       int conversation, int turn) {

    /** The GenAI operation a step is: chat for a turn, execute_tool for a tool call, none for a plain request. */
    public static String operationOf(Step step) {
        return step instanceof SendStep || step.isMultiTurn() ? "chat" : step instanceof CallToolStep ? "execute_tool" : null;
    }
}
