package io.stampede.protocol.http;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.stampede.check.Check.Reads;
import io.stampede.check.Truncation;
import io.stampede.check.Usage;
import io.stampede.json.Json;
import io.stampede.protocol.AgentResponse;
import io.stampede.protocol.ReplyPolicy;
import io.stampede.protocol.UserSession;
import io.stampede.scenario.CallToolStep;
import io.stampede.scenario.RequestStep;
import io.stampede.template.Template;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * The {@code request} and {@code call_tool} steps: plain HTTP calls whatever the target's
 * protocol. What the step's checks and extractions read decides what is kept of the answer's
 * body: nothing (it is read to its end and counted, never buffered), its text, or its text
 * parsed as JSON — up to {@code target.max_reply_bytes}; a longer body keeps its start, which
 * the checks that needed the rest say in their reasons. An error status keeps the start of its
 * body for the failure's detail.
 */
public final class PlainRequests {
    private final HttpTransport transport;
    private final ReplyPolicy replies;
    private final String toolsPath;

    public PlainRequests(HttpTransport transport, String toolsPath) {
        this.transport = transport;
        this.replies = transport.replies();
        this.toolsPath = toolsPath.endsWith("/") ? toolsPath.substring(0, toolsPath.length() - 1) : toolsPath;
    }

    /** @param reads what the step's checks and extractions read of the body */
    public Future<AgentResponse> request(UserSession session, RequestStep step, Reads reads) {
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
        return transport.exchange(session, HttpMethod.valueOf(step.method()), path, headers, body, contentType, keep(reads))
                .map(raw -> read(raw, reads));
    }

    /** @param reads what the step's checks and extractions read of the body */
    public Future<AgentResponse> callTool(UserSession session, CallToolStep step, Reads reads) {
        Buffer body = Buffer.buffer(Json.bytes(step.args().render(session.variables())));
        return transport.exchange(session, HttpMethod.POST, toolsPath + "/" + step.tool(), Map.of(), body, "application/json",
                        keep(reads))
                .map(raw -> read(raw, reads));
    }

    private int keep(Reads reads) {
        return reads == Reads.NOTHING ? 0 : replies.maxBytes();
    }

    private AgentResponse read(HttpTransport.Raw raw, Reads reads) {
        if (raw.error() != null) {
            return AgentResponse.failed(raw.error(), raw.status(), null);
        }
        String text = ReplyPolicy.text(raw.body());
        Truncation cut = reads == Reads.NOTHING ? null : replies.truncation(raw.body().length(), raw.length());
        Object json = null;
        if (reads == Reads.JSON && cut == null && !text.isEmpty()) {
            try {
                json = Json.parse(raw.body().getBytes());
            } catch (IllegalArgumentException e) {
                json = null;
            }
        }
        return new AgentResponse(raw.status(), text, json, null, null, List.of(), Usage.NONE, null, List.of(), null, -1,
                raw.endNanos(), null, null, cut);
    }
}
