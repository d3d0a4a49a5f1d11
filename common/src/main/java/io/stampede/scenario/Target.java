package io.stampede.scenario;

import java.time.Duration;
import java.util.Map;

import io.stampede.template.Template;

/**
 * The agent under test. {@code embedded} names a built-in server to start for the run
 * (only {@code demo-agent} today), or is null.
 *
 * @param http      how a turn is sent ({@code target.request}: method, path, body) and, for the
 *                  {@code http} protocol, read ({@code target.response}); for model protocols the
 *                  body is null unless the scenario gives extra fields
 * @param streaming whether model protocols ask for a streamed answer ({@code target.request.stream})
 * @param stream    how {@code sse} events and {@code websocket} frames are read ({@code target.stream})
 * @param websocket the {@code websocket} protocol's settings, or null for other protocols
 * @param spans     which of the agent's own OpenTelemetry spans become which node ({@code target.spans})
 * @param maxReplyBytes how much of a reply is kept for checks, extractions and JSON
 *                  ({@code target.max_reply_bytes}); the rest is counted and dropped
 * @param tokenizer what counts tokens when the target reports none ({@code target.tokenizer}:
 *                  {@code auto}, an encoding's name or {@code estimate}; see {@code TokenCounters})
 */
public record Target(
        String baseUrl,
        Protocol protocol,
        String model,
        Map<String, Template> headers,
        Duration timeout,
        String embedded,
        HttpMapping http,
        boolean streaming,
        StreamMapping stream,
        WebSocketMapping websocket,
        SpanMapping spans,
        int maxReplyBytes,
        String tokenizer) {
    /** What {@code target.max_reply_bytes} is when the scenario does not say. */
    public static final int DEFAULT_MAX_REPLY_BYTES = 4 * 1024 * 1024;
}
