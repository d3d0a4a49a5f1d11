package io.stampede.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stampede.json.Json;
import io.stampede.template.JsonTemplate;
import io.stampede.template.Variables;

/**
 * One turn of a protocol that resends the conversation (openai, openai-responses, anthropic,
 * vercel-ui, and sse or websocket bodies that use {@code {{messages}}}): the messages to send
 * (the user's history plus this turn), the template names only a request body knows
 * ({@code message}, {@code messages}), and the history update once the turn has succeeded.
 *
 * <p>History holds role/content messages with text only. A failed turn adds nothing, so the
 * next turn resends the conversation as it stood; tool calls the model made are not kept,
 * because the simulated user cannot send their results (an API would refuse the next turn).
 */
public final class ChatTurn implements Variables {
    private final UserSession session;
    private final String message;
    private final List<Map<String, Object>> messages;

    public ChatTurn(UserSession session, String message) {
        this.session = session;
        this.message = message;
        List<Map<String, Object>> history = session.history();
        this.messages = new ArrayList<>(history.size() + 1);
        messages.addAll(history);
        messages.add(message("user", message));
    }

    public String message() {
        return message;
    }

    /** The history plus this turn's user message, role/content maps. */
    public List<Map<String, Object>> messages() {
        return messages;
    }

    /** Everything sent as text, for counting input tokens when the server reports no usage. */
    public String sentText() {
        if (messages.size() == 1) {
            return message;
        }
        StringBuilder all = new StringBuilder();
        for (Map<String, Object> m : messages) {
            all.append(m.get("content")).append('\n');
        }
        return all.toString();
    }

    @Override
    public Object lookup(String name) {
        return switch (name) {
            case "message" -> message;
            case "messages" -> messages;
            default -> session.variables().lookup(name);
        };
    }

    /**
     * The request body: the scenario's extra fields ({@code target.request.body}, may be null)
     * rendered for this turn, with the protocol's own fields added where the scenario did not set them.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> body(JsonTemplate extra, Map<String, Object> protocolFields) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (extra != null && extra.render(this) instanceof Map<?, ?> rendered) {
            body.putAll((Map<String, Object>) rendered);
        }
        protocolFields.forEach(body::putIfAbsent);
        return body;
    }

    public static byte[] json(Object body) {
        return Json.bytes(body);
    }

    /** After a successful turn: the user's message and the reply join the history. */
    public void succeeded(AgentResponse response) {
        if (response.transportOk() && response.status() / 100 == 2) {
            List<Map<String, Object>> history = session.history();
            history.add(message("user", message));
            history.add(message("assistant", response.reply() == null ? "" : response.reply()));
        }
    }

    private static Map<String, Object> message(String role, String content) {
        Map<String, Object> m = new LinkedHashMap<>(2);
        m.put("role", role);
        m.put("content", content);
        return m;
    }
}
