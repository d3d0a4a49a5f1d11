package io.stampede.demo;

import io.stampede.tokens.TokenEstimator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A validated OpenAI-style {@code POST /v1/chat/completions} body. The API is stateless: the
 * conversation is the {@code messages} array, so the history (turns, last task, tokens) is
 * rebuilt from the earlier messages, and the last message must be the user's turn. The
 * customer key (the {@code user} field, else the first user message) stands in for a
 * conversation id where tools need a stable "recent order".
 */
record CompletionRequest(String message, History history, String customerKey, boolean stream, boolean includeUsage) {

    /** @throws IllegalArgumentException saying what is wrong with the body */
    static CompletionRequest from(JsonObject body, IntentClassifier classifier) {
        if (!(body.getValue("messages") instanceof JsonArray messages) || messages.isEmpty()) {
            throw new IllegalArgumentException("\"messages\" must be a non-empty array, e.g. "
                    + "[{\"role\": \"user\", \"content\": \"where is my order?\"}]");
        }
        int turns = 0;
        int tokens = 0;
        Intent lastTask = null;
        String firstUserText = null;
        for (int i = 0; i < messages.size(); i++) {
            if (!(messages.getValue(i) instanceof JsonObject entry) || !(entry.getValue("role") instanceof String role)) {
                throw new IllegalArgumentException("messages[" + i + "] must be an object with a string \"role\"");
            }
            String text = text(entry.getValue("content"), i);
            boolean last = i == messages.size() - 1;
            if (last) {
                if (!role.equals("user") || text.isBlank()) {
                    throw new IllegalArgumentException("the last message must be the user's, with non-empty \"content\"");
                }
                if (firstUserText == null) {
                    firstUserText = text;
                }
                Object user = body.getValue("user");
                String customerKey = user instanceof String name && !name.isBlank() ? name : firstUserText;
                History history = new History(turns, lastTask, Math.min(Conversation.MAX_HISTORY_TOKENS, tokens));
                return new CompletionRequest(text, history, customerKey,
                        Boolean.TRUE.equals(body.getValue("stream")), includeUsage(body));
            }
            tokens += TokenEstimator.estimate(text);
            if (role.equals("user")) {
                turns++;
                firstUserText = firstUserText == null ? text : firstUserText;
                Intent intent = classifier.classify(text, lastTask).intent();
                lastTask = intent.isTask() ? intent : lastTask;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** Content as a string, or as an array of {@code {"type": "text", "text": ...}} parts; null is empty. */
    private static String text(Object content, int index) {
        if (content == null) {
            return "";
        }
        if (content instanceof String text) {
            return text;
        }
        if (content instanceof JsonArray parts) {
            StringBuilder text = new StringBuilder();
            for (Object part : parts) {
                if (part instanceof JsonObject object && object.getValue("text") instanceof String piece) {
                    text.append(piece);
                }
            }
            return text.toString();
        }
        throw new IllegalArgumentException("messages[" + index + "].content must be a string or an array of text parts");
    }

    private static boolean includeUsage(JsonObject body) {
        return body.getValue("stream_options") instanceof JsonObject options
                && Boolean.TRUE.equals(options.getValue("include_usage"));
    }
}
