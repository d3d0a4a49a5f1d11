package io.stampede.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.stampede.json.Json;

/**
 * Reads one JSONL line as a {@link Conversation}, whichever of the formats it is in:
 * <ul>
 * <li>OpenAI messages: {@code {"messages": [{"role": "system"|"user"|"assistant", "content": ...}]}};
 *     content is a text or a list of {@code {"type": "text", "text": ...}} parts;</li>
 * <li>ShareGPT: {@code {"conversations": [{"from": "human"|"gpt"|"system", "value": ...}]}}
 *     ({@code user}, {@code assistant}, {@code chatgpt}, {@code bard}, {@code model} too);</li>
 * <li>a Stampede recording ({@code conversations.jsonl} of a run made with {@code --record}):
 *     {@code {"turns": [{"user": ..., "reply": ..., "think_ms": ...}], "started_ms": ...}}.</li>
 * </ul>
 * Each user message is a turn; the assistant message after it is that turn's expected reply
 * (several in a row are joined); tool and function messages are skipped. A line is refused, with
 * a sentence, when it is not a JSON object in one of these shapes or holds no user turn.
 * Stateless.
 */
public final class ConversationFormat {
    private static final Set<String> USER = Set.of("user", "human");
    private static final Set<String> ASSISTANT = Set.of("assistant", "gpt", "chatgpt", "bard", "model");
    static final String SHAPES = "{\"messages\": [{\"role\": \"user\", \"content\": \"...\"}, ...]} (OpenAI) or"
            + " {\"conversations\": [{\"from\": \"human\", \"value\": \"...\"}, ...]} (ShareGPT)";

    private ConversationFormat() {
    }

    /** @throws IllegalArgumentException saying what is wrong with the line */
    public static Conversation parse(String line, long row) {
        Object json;
        try {
            json = Json.parse(line);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not JSON (" + e.getMessage().replace("not valid JSON: ", "") + ")");
        }
        if (!(json instanceof Map<?, ?> object)) {
            throw new IllegalArgumentException("is not a JSON object: write " + SHAPES);
        }
        if (object.get("messages") instanceof List<?> messages) {
            return messages(messages, row, "messages", "role", "content");
        }
        if (object.get("conversations") instanceof List<?> messages) {
            return messages(messages, row, "conversations", "from", "value");
        }
        if (object.get("turns") instanceof List<?> turns) {
            return recorded(object, turns, row);
        }
        throw new IllegalArgumentException("has neither \"messages\" nor \"conversations\": write " + SHAPES);
    }

    private static Conversation messages(List<?> messages, long row, String key, String roleKey, String textKey) {
        List<Conversation.Turn> turns = new ArrayList<>();
        StringBuilder system = null;
        String user = null;
        StringBuilder reply = null;
        for (int i = 0; i < messages.size(); i++) {
            if (!(messages.get(i) instanceof Map<?, ?> m) || !(m.get(roleKey) instanceof String roleText)) {
                throw new IllegalArgumentException(key + "[" + i + "] must be an object with a text \"" + roleKey + "\"");
            }
            String role = roleText.toLowerCase(Locale.ROOT);
            String text = text(m.get(textKey), key + "[" + i + "]." + textKey);
            if (role.equals("system")) {
                system = system == null ? new StringBuilder(text) : system.append('\n').append(text);
            } else if (USER.contains(role)) {
                if (user != null) {
                    turns.add(new Conversation.Turn(user, reply == null ? null : reply.toString(), -1, 0));
                }
                user = text;
                reply = null;
            } else if (ASSISTANT.contains(role) && user != null) {
                reply = reply == null ? new StringBuilder(text) : reply.append('\n').append(text);
            }
        }
        if (user == null) {
            throw new IllegalArgumentException("has no user message in \"" + key + "\": a conversation needs at least one");
        }
        turns.add(new Conversation.Turn(user, reply == null ? null : reply.toString(), -1, 0));
        return new Conversation(row, system == null ? null : system.toString(), turns, -1);
    }

    private static Conversation recorded(Map<?, ?> object, List<?> recorded, long row) {
        List<Conversation.Turn> turns = new ArrayList<>();
        for (int i = 0; i < recorded.size(); i++) {
            if (!(recorded.get(i) instanceof Map<?, ?> t) || !(t.get("user") instanceof String user)) {
                throw new IllegalArgumentException("turns[" + i + "] must be an object with a text \"user\"");
            }
            String reply = t.get("reply") instanceof String r ? r : null;
            long think = t.get("think_ms") instanceof Number n ? Math.max(0, n.longValue()) : -1;
            turns.add(new Conversation.Turn(user, reply, think, 0));
        }
        if (turns.isEmpty()) {
            throw new IllegalArgumentException("has no turns: a recorded conversation needs at least one");
        }
        double start = object.get("started_ms") instanceof Number n ? n.doubleValue() : -1;
        String system = object.get("system") instanceof String s ? s : null;
        return new Conversation(row, system, turns, start);
    }

    private static String text(Object content, String where) {
        if (content == null) {
            return "";
        }
        if (content instanceof String s) {
            return s;
        }
        if (content instanceof List<?> parts) {
            StringBuilder text = new StringBuilder();
            for (Object part : parts) {
                if (part instanceof Map<?, ?> p && p.get("text") instanceof String piece) {
                    text.append(piece);
                }
            }
            return text.toString();
        }
        throw new IllegalArgumentException(where + " must be a text or a list of {\"type\": \"text\", \"text\": ...} parts");
    }
}
