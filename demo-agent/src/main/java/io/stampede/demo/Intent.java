package io.stampede.demo;

/** What a customer wants, as the agent classifies it, and the one tool that serves it (null: none). */
enum Intent {
    REFUND("refund", "get_refund_policy"),
    ORDER_STATUS("order_status", "lookup_order"),
    CANCEL_ORDER("cancel_order", "cancel_order"),
    BILLING("billing", "get_invoice"),
    ESCALATE("escalate", "create_ticket"),
    GREETING("greeting", null),
    UNKNOWN("unknown", null);

    private final String wireName;
    private final String tool;

    Intent(String wireName, String tool) {
        this.wireName = wireName;
        this.tool = tool;
    }

    /** The name in responses: {@code "refund"}, {@code "order_status"}, ... */
    String wireName() {
        return wireName;
    }

    String tool() {
        return tool;
    }

    boolean hasTool() {
        return tool != null;
    }

    /** A task a follow-up turn can continue; greetings and unknowns carry nothing over. */
    boolean isTask() {
        return this != GREETING && this != UNKNOWN;
    }
}
