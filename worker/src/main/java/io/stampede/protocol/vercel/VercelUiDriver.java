package io.stampede.protocol.vercel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stampede.protocol.AgentResponse;
import io.stampede.protocol.ChatTurn;
import io.stampede.protocol.sse.ModelDrivers;
import io.stampede.protocol.ProtocolDriver;
import io.stampede.protocol.UserSession;
import io.stampede.protocol.sse.StreamExchange;
import io.stampede.protocol.sse.StreamTurn;
import io.stampede.scenario.SendStep;
import io.stampede.scenario.Target;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * The {@code vercel-ui} protocol: a chat route built with the Vercel AI SDK ({@code useChat}
 * posting to {@code /api/chat}, answered with a UI message stream). Each turn sends what
 * {@code useChat} sends: the chat {@code id} (the conversation id), the conversation as UI
 * messages ({@code {id, role, parts: [{type: text, text}]}}) and {@code trigger:
 * submit-message}; {@code target.request.body} adds fields (e.g. {@code model}).
 */
public final class VercelUiDriver implements ProtocolDriver {
    private final StreamExchange exchange;
    private final Target target;
    private final HttpMethod method;

    public VercelUiDriver(StreamExchange exchange, Target target) {
        this.exchange = exchange;
        this.target = target;
        this.method = HttpMethod.valueOf(target.http().method());
    }

    @Override
    public Future<AgentResponse> send(UserSession session, SendStep step, String message) {
        ChatTurn chat = new ChatTurn(session, message);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", session.conversationId());
        fields.put("messages", uiMessages(chat.messages()));
        fields.put("trigger", "submit-message");
        Buffer body = Buffer.buffer(ChatTurn.json(chat.body(target.http().body(), fields)));
        StreamTurn turn = exchange.newTurn();
        return exchange.send(session, method, target.http().path(), Map.of("accept", "text/event-stream"), body,
                        UiMessageEvents.INSTANCE, turn)
                .map(outcome -> ModelDrivers.response(outcome, turn, chat,
                        ModelDrivers.notAStream("a UI message stream (text/event-stream)"), exchange.transport().replies()))
                .map(r -> {
                    chat.succeeded(r);
                    return r;
                });
    }

    /** Role/content messages as the AI SDK's UI messages. */
    static List<Map<String, Object>> uiMessages(List<Map<String, Object>> messages) {
        List<Map<String, Object>> out = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            Map<String, Object> m = messages.get(i);
            Map<String, Object> ui = new LinkedHashMap<>();
            ui.put("id", "m" + (i + 1));
            ui.put("role", m.get("role"));
            ui.put("parts", List.of(Map.of("type", "text", "text", String.valueOf(m.get("content")))));
            out.add(ui);
        }
        return out;
    }
}
