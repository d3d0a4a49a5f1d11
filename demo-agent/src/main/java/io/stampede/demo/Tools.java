package io.stampede.demo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The agent's tools, callable from a chat turn and directly over {@code POST /tools/{name}}.
 * Each is a pure function of its arguments (answers are stable for the same input) with its
 * own latency profile. A tool throws {@link IllegalArgumentException} for arguments it
 * cannot use; the HTTP edge turns that into a 400. Stateless and thread-safe.
 */
final class Tools {
    /** One tool: name, latency profile and behaviour. */
    record Tool(String name, LatencyModel.Profile latency, Function<JsonObject, JsonObject> behaviour) {
        JsonObject call(JsonObject args) {
            return behaviour.apply(args);
        }
    }

    private static final Map<String, Tool> TOOLS = new LinkedHashMap<>();

    static {
        register(new Tool("get_refund_policy", LatencyModel.TOOL, Tools::refundPolicy));
        register(new Tool("lookup_order", new LatencyModel.Profile(40, 0.5), Tools::lookupOrder));
        register(new Tool("cancel_order", new LatencyModel.Profile(60, 0.5), Tools::cancelOrder));
        register(new Tool("get_invoice", new LatencyModel.Profile(45, 0.5), Tools::invoice));
        register(new Tool("create_ticket", new LatencyModel.Profile(80, 0.5), Tools::createTicket));
    }

    private Tools() {
    }

    private static void register(Tool tool) {
        TOOLS.put(tool.name(), tool);
    }

    /** The tool with this name, or null. */
    static Tool find(String name) {
        return TOOLS.get(name);
    }

    static Set<String> names() {
        return TOOLS.keySet();
    }

    private static JsonObject refundPolicy(JsonObject args) {
        String topic = args.getValue("topic") == null ? "refund" : String.valueOf(args.getValue("topic"));
        return new JsonObject()
                .put("topic", topic)
                .put("window_days", 30)
                .put("processing_days", "3-5")
                .put("refund_to", "original_payment_method")
                .put("steps", new JsonArray()
                        .add("Open the order and choose 'Request refund'")
                        .add("Pick a reason and submit the request")
                        .add("After approval the money returns to the original payment method"));
    }

    private static JsonObject lookupOrder(JsonObject args) {
        Orders.Order order = Orders.lookup(orderId(args));
        int etaDays = switch (order.status()) {
            case Orders.PROCESSING -> 3;
            case Orders.SHIPPED -> 1;
            default -> 0;
        };
        return order.toJson().put("eta_days", etaDays);
    }

    private static JsonObject cancelOrder(JsonObject args) {
        Orders.Order order = Orders.lookup(orderId(args));
        boolean cancellable = order.status().equals(Orders.PROCESSING);
        return new JsonObject()
                .put("order_id", order.id())
                .put("cancelled", cancellable)
                .put("status", cancellable ? "cancelled" : order.status())
                .put("reason", cancellable ? null : "order already " + order.status());
    }

    private static JsonObject invoice(JsonObject args) {
        String orderId = orderId(args);
        int cents = 1_000 + Math.floorMod(orderId.hashCode(), 99_000);
        return new JsonObject()
                .put("invoice_id", "INV-" + orderId)
                .put("order_id", orderId)
                .put("amount", cents / 100.0)
                .put("currency", "CNY")
                .put("status", "issued");
    }

    private static JsonObject createTicket(JsonObject args) {
        String summary = args.getValue("summary") == null ? "" : String.valueOf(args.getValue("summary"));
        int number = 100_000 + Math.floorMod(summary.hashCode(), 900_000);
        return new JsonObject()
                .put("ticket_id", "T-" + number)
                .put("queue", "human_support")
                .put("priority", args.getValue("priority") == null ? "normal" : String.valueOf(args.getValue("priority")))
                .put("eta_minutes", 5 + Math.floorMod(number, 11));
    }

    private static String orderId(JsonObject args) {
        Object id = args.getValue("order_id");
        if (id == null || String.valueOf(id).isBlank()) {
            throw new IllegalArgumentException("args.order_id is required, e.g. {\"order_id\": \"12345\"}");
        }
        return String.valueOf(id);
    }
}
