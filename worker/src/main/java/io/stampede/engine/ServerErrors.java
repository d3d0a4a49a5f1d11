package io.stampede.engine;

import java.util.Map;

import io.stampede.json.Json;

/**
 * What a failed step's detail says of an error status: the status and the server's own words —
 * the {@code error.message} of OpenAI- and Anthropic-style bodies, a top-level {@code message},
 * {@code error} or {@code detail}, or else the first 200 characters of the body. The reason
 * stays {@code HTTP 500} (failures group by it); the detail goes to the sampled events, masked
 * there like every other text a worker reports.
 */
final class ServerErrors {
    private static final int MAX = 200;

    private ServerErrors() {
    }

    static String detail(int status, String body, Object json) {
        String words = json instanceof Map<?, ?> map ? fromJson(map) : null;
        if (words == null && body != null && !body.isBlank()) {
            words = body.strip();
        }
        if (words == null) {
            return "HTTP " + status;
        }
        words = words.replaceAll("\\s+", " ");
        return "HTTP " + status + ": " + (words.length() > MAX ? words.substring(0, MAX) + "…" : words);
    }

    private static String fromJson(Map<?, ?> map) {
        Object error = map.get("error");
        if (error instanceof Map<?, ?> inner && inner.get("message") != null) {
            return text(inner.get("message"));
        }
        for (String key : new String[] {"message", "error", "detail"}) {
            if (map.get(key) != null) {
                return text(map.get(key));
            }
        }
        return null;
    }

    private static String text(Object value) {
        return value instanceof String s ? s : Json.text(value);
    }
}
