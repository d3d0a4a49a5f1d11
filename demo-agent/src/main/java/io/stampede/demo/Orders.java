package io.stampede.demo;

import io.vertx.core.json.JsonObject;

/**
 * The shop's pretend order database: every order id exists, and its status and item count
 * follow from the id's hash, so the same id answers the same on every agent and every run
 * ({@link String#hashCode()} is specified, not per-JVM). Stateless.
 */
final class Orders {
    static final String PROCESSING = "processing";
    static final String SHIPPED = "shipped";
    static final String DELIVERED = "delivered";
    private static final String[] STATUSES = {SHIPPED, PROCESSING, DELIVERED};

    record Order(String id, String status, int items) {
        JsonObject toJson() {
            return new JsonObject().put("order_id", id).put("status", status).put("items", items);
        }
    }

    private Orders() {
    }

    static Order lookup(String id) {
        int hash = id.hashCode();
        String status = STATUSES[Math.floorMod(hash, STATUSES.length)];
        int items = 1 + Math.floorMod(hash / STATUSES.length, 5);
        return new Order(id, status, items);
    }

    /** The customer's most recent order when they name none: a stable id per conversation. */
    static String recentOrderIdFor(String conversationId) {
        return String.valueOf(10_000_000 + Math.floorMod(conversationId.hashCode(), 90_000_000));
    }
}
