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
        SpanMapping spans) {
}
