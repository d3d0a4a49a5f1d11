package io.stampede.demo;

import io.vertx.core.json.JsonObject;

/** One step of the agent's pipeline as reported in a turn's {@code trace}. */
record TraceNode(String node, String name, String status, double latencyMs, int tokens) {
    static final String OK = "ok";
    static final String ERROR = "error";

    JsonObject toJson() {
        return new JsonObject()
                .put("node", node)
                .put("name", name)
                .put("status", status)
                .put("latency_ms", latencyMs)
                .put("tokens", tokens);
    }
}
