package io.stampede.protocol.sse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import io.stampede.json.Json;

/** Small helpers the dialects share to read JSON event data. */
public final class JsonEvents {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final int EXCERPT = 120;

    private JsonEvents() {
    }

    /** The event's JSON, or null after failing the turn with a reason that quotes the data. */
    public static JsonNode parse(byte[] data, StreamTurn turn) {
        try {
            JsonNode node = Json.MAPPER.readTree(data);
            if (node == null || node.isMissingNode()) {
                turn.fail("an event has no data");
                return null;
            }
            return node;
        } catch (IOException e) {
            turn.fail("an event is not valid JSON: " + excerpt(data));
            return null;
        }
    }

    public static boolean is(byte[] data, String text) {
        return text != null && new String(data, StandardCharsets.UTF_8).equals(text);
    }

    /** A text field, or null when absent, null or not text. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    /** An object or array as plain Java (Map/List), or null. */
    public static Object plain(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return Json.MAPPER.convertValue(node, Object.class);
    }

    public static Map<String, Object> map(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Map.of();
        }
        return Json.MAPPER.convertValue(node, MAP);
    }

    public static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    /** The start of an event's data, quoted, for a reason. */
    public static String excerpt(byte[] data) {
        String text = new String(data, 0, Math.min(data.length, EXCERPT * 4), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        return "\"" + (text.length() <= EXCERPT ? text : text.substring(0, EXCERPT) + "…") + "\"";
    }

    /** The message of an error object, short. */
    public static String errorMessage(JsonNode error) {
        if (error == null) {
            return "unknown error";
        }
        if (error.isTextual()) {
            return clip(error.asText());
        }
        for (String field : new String[] {"message", "errorText", "error"}) {
            JsonNode m = error.get(field);
            if (m != null && m.isTextual()) {
                return clip(m.asText());
            }
            if (m != null && m.isObject()) {
                return errorMessage(m);
            }
        }
        return clip(error.toString());
    }

    private static String clip(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
