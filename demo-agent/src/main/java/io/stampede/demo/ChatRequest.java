package io.stampede.demo;

import io.vertx.core.json.JsonObject;

/**
 * A validated {@code POST /chat} body: a non-empty message, an optional conversation id
 * (a string; unknown ids start a conversation under that id) and an optional user profile
 * of any JSON type, passed through to the tools.
 */
record ChatRequest(String message, String conversationId, Object userProfile) {
    static final int MAX_MESSAGE_CHARS = 32_000;

    /** @throws IllegalArgumentException saying what is wrong with the body */
    static ChatRequest from(JsonObject body) {
        Object message = body.getValue("message");
        if (message == null) {
            throw new IllegalArgumentException("\"message\" is required, e.g. {\"message\": \"where is my order?\"}");
        }
        if (!(message instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException("\"message\" must be a non-empty string");
        }
        if (text.length() > MAX_MESSAGE_CHARS) {
            throw new IllegalArgumentException("\"message\" is longer than " + MAX_MESSAGE_CHARS + " characters");
        }
        Object conversationId = body.getValue("conversation_id");
        if (conversationId != null && (!(conversationId instanceof String id) || id.isBlank())) {
            throw new IllegalArgumentException("\"conversation_id\" must be a non-empty string when given");
        }
        return new ChatRequest(text, (String) conversationId, body.getValue("user_profile"));
    }
}
