package io.stampede.protocol.http;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.stampede.check.Usage;
import io.stampede.json.Json;
import io.stampede.protocol.AgentResponse;
import io.stampede.protocol.UserSession;
import io.stampede.scenario.CallToolStep;
import io.stampede.scenario.RequestStep;
import io.stampede.template.Template;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * The {@code request} and {@code call_tool} steps: plain HTTP calls whatever the target's
 * protocol. The body is parsed as JSON only when a check or an extraction needs it.
 */
public final class PlainRequests {
    private final HttpTransport transport;
    private final String toolsPath;

    public PlainRequests(HttpTransport transport, String toolsPath) {
        this.transport = transport;
        this.toolsPath = toolsPath.endsWith("/") ? toolsPath.substring(0, toolsPath.length() - 1) : toolsPath;
    }

    public Future<AgentResponse> request(UserSession session, RequestStep step, boolean needsJson) {
        String path = step.path().render(session.variables());
        Map<String, String> headers = Map.of();
        if (!step.headers().isEmpty()) {
            headers = new HashMap<>();
            for (Map.Entry<String, Template> e : step.headers().entrySet()) {
                headers.put(e.getKey(), e.getValue().render(session.variables()));
            }
        }
        Buffer body = null;
        String contentType = null;
        if (step.body() != null) {
            Object rendered = step.body().render(session.variables());
            if (rendered instanceof String s) {
                body = Buffer.buffer(s);
                contentType = "text/plain; charset=utf-8";
            } else {
                body = Buffer.buffer(Json.bytes(rendered));
                contentType = "application/json";
            }
        }
        return transport.exchange(session, HttpMethod.valueOf(step.method()), path, headers, body, contentType)
                .map(raw -> read(raw, needsJson));
    }

    public Future<AgentResponse> callTool(UserSession session, CallToolStep step, boolean needsJson) {
        Buffer body = Buffer.buffer(Json.bytes(step.args().render(session.variables())));
        return transport.exchange(session, HttpMethod.POST, toolsPath + "/" + step.tool(), Map.of(), body, "application/json")
                .map(raw -> read(raw, needsJson));
    }

    private static AgentResponse read(HttpTransport.Raw raw, boolean needsJson) {
        if (raw.error() != null) {
            return AgentResponse.failed(raw.error(), raw.status(), null);
        }
        String text = raw.body().length() == 0 ? "" : raw.body().toString();
        Object json = null;
        if (needsJson && !text.isEmpty()) {
            try {
                json = Json.parse(raw.body().getBytes());
            } catch (IllegalArgumentException e) {
                json = null;
            }
        }
        return new AgentResponse(raw.status(), text, json, null, null, List.of(), Usage.NONE, null, List.of(), null, -1,
                raw.endNanos(), null);
    }
}
