package io.stampede.demo;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.json.JsonObject;

/**
 * The agent's "function calling": the arguments it passes to an intent's tool, read from the
 * message ("where is order 12345", "订单A-2024001") or, failing that, from the user profile's
 * {@code order_id}, or else the customer's most recent order. Stateless.
 */
final class ToolArguments {
    private static final Pattern ORDER_ID = Pattern.compile("(?:[A-Z]{1,3}-)?\\d{4,}");
    private static final int MAX_SUMMARY_CHARS = 100;

    private ToolArguments() {
    }

    static JsonObject forTurn(Intent intent, String message, Object userProfile, String conversationId) {
        return switch (intent) {
            case REFUND -> new JsonObject().put("topic", "refund");
            case ORDER_STATUS, CANCEL_ORDER, BILLING ->
                    new JsonObject().put("order_id", orderId(message, userProfile, conversationId));
            case ESCALATE -> new JsonObject()
                    .put("summary", message.length() > MAX_SUMMARY_CHARS ? message.substring(0, MAX_SUMMARY_CHARS) : message)
                    .put("priority", "normal");
            default -> new JsonObject();
        };
    }

    private static String orderId(String message, Object userProfile, String conversationId) {
        Matcher matcher = ORDER_ID.matcher(message);
        if (matcher.find()) {
            return matcher.group();
        }
        if (userProfile instanceof JsonObject profile && profile.getValue("order_id") != null) {
            return String.valueOf(profile.getValue("order_id"));
        }
        return Orders.recentOrderIdFor(conversationId);
    }
}
