package io.stampede.demo;

import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One simulated chat turn, decided completely before anything is sent: the reply, what the
 * agent understood and did, the trace of its pipeline with the latencies to wait, and the
 * token usage. A {@code serverError} turn stops at a failed compose call; it is answered
 * with a 500 and saves no history.
 */
record Turn(
        String conversationId,
        int number,
        String reply,
        Intent intent,
        double confidence,
        JsonArray toolsCalled,
        List<TraceNode> trace,
        int messageTokens,
        int inputTokens,
        int outputTokens,
        boolean serverError) {

    static final String MODEL = "demo-gpt";

    /** The same turn answering {@code text} instead (its output tokens counted again). */
    Turn withReply(String text) {
        return new Turn(conversationId, number, text, intent, confidence, toolsCalled, trace, messageTokens, inputTokens,
                io.stampede.tokens.TokenEstimator.estimate(text), serverError);
    }

    /** The sum of the trace's latencies: how long the agent waits before answering. */
    double latencyMs() {
        double sum = 0;
        for (TraceNode node : trace) {
            sum += node.latencyMs();
        }
        return Math.round(sum * 10) / 10.0;
    }

    /** Tokens this turn adds to the conversation's history: the message and the reply. */
    int historyTokensAdded() {
        return messageTokens + outputTokens;
    }

    JsonArray traceJson() {
        JsonArray json = new JsonArray();
        trace.forEach(node -> json.add(node.toJson()));
        return json;
    }

    /** The {@code POST /chat} response body. */
    JsonObject toChatJson() {
        return new JsonObject()
                .put("conversation_id", conversationId)
                .put("turn", number)
                .put("reply", reply)
                .put("intent", intent.wireName())
                .put("confidence", confidence)
                .put("tools_called", toolsCalled)
                .put("trace", traceJson())
                .put("usage", new JsonObject()
                        .put("input_tokens", inputTokens)
                        .put("output_tokens", outputTokens)
                        .put("total_tokens", inputTokens + outputTokens))
                .put("model", MODEL);
    }

    /** The body of a 500 for a {@code serverError} turn. */
    static JsonObject serverErrorJson() {
        return new JsonObject().put("error", new JsonObject()
                .put("message", "simulated failure: the model call compose_reply failed (demo agent errorRate)")
                .put("type", "server_error"));
    }
}
