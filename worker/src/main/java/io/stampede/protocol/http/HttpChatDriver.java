package io.stampede.protocol.http;

import java.util.List;
import java.util.Map;

import io.stampede.check.Truncation;
import io.stampede.check.Usage;
import io.stampede.json.Json;
import io.stampede.json.JsonQuery;
import io.stampede.protocol.AgentResponse;
import io.stampede.protocol.ChatTurn;
import io.stampede.protocol.ProtocolDriver;
import io.stampede.protocol.ReplyPolicy;
import io.stampede.protocol.ResponseFields;
import io.stampede.protocol.UserSession;
import io.stampede.scenario.HttpMapping;
import io.stampede.scenario.SendStep;
import io.stampede.trace.TraceReader;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * The {@code http} protocol: a turn is one JSON request (body from {@code target.request.body},
 * where {@code {{message}}} is the turn's text) and one JSON response, read through the
 * {@code target.response} JSON paths. The server keeps the conversation by id; when the
 * response carries an id, later turns use it. The answer is parsed whole, so one larger than
 * {@code target.max_reply_bytes} fails the turn, saying so; tokens the server does not report
 * are counted from the message and the mapped reply.
 */
public final class HttpChatDriver implements ProtocolDriver {
    private final HttpTransport transport;
    private final HttpMapping mapping;
    private final HttpMethod method;
    private final ReplyPolicy replies;
    /** Only a body that sends {@code {{messages}}} needs the history kept. */
    private final boolean keepsHistory;

    public HttpChatDriver(HttpTransport transport, HttpMapping mapping) {
        this.transport = transport;
        this.mapping = mapping;
        this.method = HttpMethod.valueOf(mapping.method());
        this.replies = transport.replies();
        this.keepsHistory = mapping.body().references().contains("messages");
    }

    @Override
    public Future<AgentResponse> send(UserSession session, SendStep step, String message) {
        ChatTurn chat = new ChatTurn(session, message);
        Buffer body = Buffer.buffer(Json.bytes(mapping.body().render(chat)));
        return transport.exchange(session, method, mapping.path(), Map.of(), body, "application/json")
                .map(raw -> {
                    AgentResponse r = read(session, raw, message);
                    if (keepsHistory) {
                        chat.succeeded(r);
                    }
                    return r;
                });
    }

    private AgentResponse read(UserSession session, HttpTransport.Raw raw, String message) {
        if (raw.error() != null) {
            return AgentResponse.failed(raw.error(), raw.status(), null);
        }
        String text = ReplyPolicy.text(raw.body());
        Truncation cut = replies.truncation(raw.body().length(), raw.length());
        if (cut != null) {
            return new AgentResponse(raw.status(), text, null, null, null, List.of(), Usage.NONE, null, List.of(), null, -1,
                    raw.endNanos(), raw.status() / 100 == 2 ? replies.jsonTooLong() : null, null, cut);
        }
        Object json;
        try {
            json = Json.parse(raw.body().getBytes());
        } catch (IllegalArgumentException e) {
            String error = raw.status() / 100 == 2 ? "response is not JSON: " + e.getMessage() : null;
            return new AgentResponse(raw.status(), text, null, null, null, List.of(), Usage.NONE, null,
                    List.of(), null, -1, raw.endNanos(), error);
        }
        String reply = string(mapping.reply(), json);
        String conversationId = string(mapping.conversationId(), json);
        if (conversationId != null && !conversationId.isEmpty()) {
            session.conversationId(conversationId);
        }
        Usage usage = mapping.usage() == null ? null : ResponseFields.usage(mapping.usage().read(json));
        if (usage == null) {
            usage = new Usage(replies.count(message), replies.count(reply), 0, 0, false);
        }
        return new AgentResponse(raw.status(), text, json, reply, string(mapping.intent(), json),
                mapping.tools() == null ? List.of() : ResponseFields.tools(mapping.tools().read(json)),
                usage, null,
                mapping.trace() == null ? List.of() : TraceReader.read(mapping.trace().read(json)),
                conversationId, -1, raw.endNanos(), null);
    }

    private static String string(JsonQuery path, Object json) {
        if (path == null) {
            return null;
        }
        Object value = path.read(json);
        return value == null ? null : value instanceof String s ? s : Json.text(value);
    }
}
