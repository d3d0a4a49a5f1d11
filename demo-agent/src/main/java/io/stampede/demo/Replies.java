package io.stampede.demo;

import java.util.Locale;

import io.vertx.core.json.JsonObject;

/**
 * What the agent says: one plausible reply per intent, in Chinese when the customer wrote in
 * CJK and in English otherwise, filled in from the tool's result so reply and tool agree.
 * A follow-up turn (intent taken from memory) opens with an acknowledgement. Stateless.
 */
final class Replies {
    private Replies() {
    }

    static String compose(Intent intent, boolean chinese, boolean followUp, JsonObject toolResult) {
        String body = chinese ? chinese(intent, toolResult) : english(intent, toolResult);
        if (!followUp) {
            return body;
        }
        return (chinese ? "好的，" : "Sure. ") + body;
    }

    /** The reply when the intent's tool failed: an apology naming what could not be done. */
    static String apology(Intent intent, boolean chinese) {
        return chinese
                ? "抱歉，" + chineseTask(intent) + "时系统出现了问题，请稍后再试，或回复“人工”转接人工客服。"
                : "Sorry, something went wrong while " + englishTask(intent)
                        + ". Please try again in a moment, or type \"human\" to reach a support agent.";
    }

    private static String chinese(Intent intent, JsonObject r) {
        return switch (intent) {
            case REFUND -> "退款步骤：1. 在订单页点击“申请退款”；2. 选择退款原因并提交；3. 审核通过后，款项将在 "
                    + r.getString("processing_days") + " 个工作日内原路退回。收货后 "
                    + r.getInteger("window_days") + " 天内均可申请退款。";
            case ORDER_STATUS -> "您的订单 " + r.getString("order_id") + " 当前状态：" + chineseStatus(r.getString("status"))
                    + "，共 " + r.getInteger("items") + " 件商品"
                    + (r.getInteger("eta_days") > 0 ? "，预计 " + r.getInteger("eta_days") + " 天内送达。" : "。");
            case CANCEL_ORDER -> Boolean.TRUE.equals(r.getBoolean("cancelled"))
                    ? "订单 " + r.getString("order_id") + " 已成功取消，款项将在 3-5 个工作日内原路退回。"
                    : "订单 " + r.getString("order_id") + " " + chineseStatus(r.getString("status"))
                            + "，无法直接取消。您可以在收货后申请退款。";
            case BILLING -> "订单 " + r.getString("order_id") + " 的发票 " + r.getString("invoice_id") + "（金额 ¥"
                    + money(r) + "）已开具，可在“我的订单 - 发票”中下载。";
            case ESCALATE -> "已为您创建工单 " + r.getString("ticket_id") + "，人工客服将在约 "
                    + r.getInteger("eta_minutes") + " 分钟内联系您，请保持电话畅通。";
            case GREETING -> "您好！我是智能客服助手，可以帮您处理退款、查询订单物流、取消订单、开具发票，或为您转接人工客服。请问有什么可以帮您？";
            case UNKNOWN -> "抱歉，我没有完全理解您的问题。您可以问我退款、订单物流、取消订单或发票相关的问题，也可以回复“人工”转接人工客服。";
        };
    }

    private static String english(Intent intent, JsonObject r) {
        return switch (intent) {
            case REFUND -> "To get a refund, follow these steps: 1. open the order and choose \"Request refund\"; "
                    + "2. pick a reason and submit; 3. once approved, the money goes back to your original payment method within "
                    + r.getString("processing_days") + " business days. Refunds are accepted within "
                    + r.getInteger("window_days") + " days of delivery.";
            case ORDER_STATUS -> "Your order " + r.getString("order_id") + " is " + r.getString("status") + " ("
                    + r.getInteger("items") + " item" + (r.getInteger("items") == 1 ? "" : "s") + ")"
                    + (r.getInteger("eta_days") > 0 ? " and should arrive within " + r.getInteger("eta_days") + " day"
                            + (r.getInteger("eta_days") == 1 ? "" : "s") + "." : ".");
            case CANCEL_ORDER -> Boolean.TRUE.equals(r.getBoolean("cancelled"))
                    ? "Order " + r.getString("order_id") + " has been cancelled; your payment will be returned within 3-5 business days."
                    : "Order " + r.getString("order_id") + " is already " + r.getString("status")
                            + ", so it can no longer be cancelled. You can request a refund once it arrives.";
            case BILLING -> "Invoice " + r.getString("invoice_id") + " for order " + r.getString("order_id") + " (amount "
                    + money(r) + " " + r.getString("currency") + ") has been issued; you can download it under Orders > Invoices.";
            case ESCALATE -> "I've opened ticket " + r.getString("ticket_id") + "; a human agent will contact you in about "
                    + r.getInteger("eta_minutes") + " minutes.";
            case GREETING -> "Hello! I'm the support assistant. I can help with refunds, order tracking, cancellations "
                    + "and invoices, or put you through to a human agent. How can I help?";
            case UNKNOWN -> "Sorry, I didn't quite understand. I can help with refunds, order tracking, cancellations and "
                    + "invoices, or you can type \"human\" to reach a support agent.";
        };
    }

    private static String money(JsonObject invoice) {
        return String.format(Locale.ROOT, "%.2f", invoice.getDouble("amount"));
    }

    private static String chineseStatus(String status) {
        return switch (status) {
            case Orders.PROCESSING -> "处理中";
            case Orders.SHIPPED -> "已发货";
            case Orders.DELIVERED -> "已送达";
            default -> status;
        };
    }

    private static String chineseTask(Intent intent) {
        return switch (intent) {
            case REFUND -> "查询退款政策";
            case ORDER_STATUS -> "查询订单";
            case CANCEL_ORDER -> "取消订单";
            case BILLING -> "开具发票";
            case ESCALATE -> "创建人工工单";
            default -> "处理您的请求";
        };
    }

    private static String englishTask(Intent intent) {
        return switch (intent) {
            case REFUND -> "looking up the refund policy";
            case ORDER_STATUS -> "looking up your order";
            case CANCEL_ORDER -> "cancelling your order";
            case BILLING -> "issuing your invoice";
            case ESCALATE -> "opening a support ticket";
            default -> "handling your request";
        };
    }
}
