package io.stampede.demo;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keyword rules in Chinese and English, tried in a fixed order: concrete tasks (cancel,
 * refund, billing, order status) first, then a request for a human, then a greeting. So
 * "你好，我想了解退款流程" is a refund, and "客服你好，我要退款" is answered by the bot rather
 * than escalated. A message that matches nothing continues the conversation's last task
 * (a follow-up such as "能给我具体步骤吗？"), or else is {@code unknown}.
 *
 * <p>English keywords match whole words (with suffixes where that reads naturally:
 * "refunds", "tracking"), so "this" is not a greeting. Stateless and thread-safe.
 */
final class IntentClassifier {
    /** The result: the intent, a confidence in 0..1, and whether it came from the conversation's memory. */
    record Classification(Intent intent, double confidence, boolean fromMemory) {
    }

    private record Rule(Intent intent, List<String> chinese, Pattern english) {
        int hits(String original, String lower) {
            int hits = 0;
            for (String keyword : chinese) {
                if (original.contains(keyword)) {
                    hits++;
                }
            }
            Matcher matcher = english.matcher(lower);
            while (matcher.find()) {
                hits++;
            }
            return hits;
        }
    }

    private static final List<Rule> RULES = List.of(
            rule(Intent.CANCEL_ORDER, List.of("取消", "撤销"), "cancel\\w*"),
            rule(Intent.REFUND, List.of("退款", "退钱", "退货"), "refund\\w*|money back|reimburse\\w*"),
            rule(Intent.BILLING, List.of("发票", "账单", "扣费"), "invoice\\w*|bill|bills|billing|billed|receipt\\w*|charged"),
            rule(Intent.ORDER_STATUS, List.of("订单", "物流", "快递", "发货", "到哪"),
                    "orders?|shipping|shipment\\w*|shipped|track\\w*|deliver\\w*|package|parcel|where is|where's"),
            rule(Intent.ESCALATE, List.of("人工", "客服", "投诉"), "human|agent|operator|real person|representative"),
            rule(Intent.GREETING, List.of("你好", "您好", "在吗"), "hi|hello|hey|good (?:morning|afternoon|evening)"));

    private static Rule rule(Intent intent, List<String> chinese, String englishAlternatives) {
        return new Rule(intent, chinese, Pattern.compile("(?<![a-z])(?:" + englishAlternatives + ")(?![a-z])"));
    }

    /**
     * @param message the customer's message
     * @param previousTask the last task intent of this conversation, or null
     */
    Classification classify(String message, Intent previousTask) {
        String lower = message.toLowerCase(Locale.ROOT);
        for (Rule rule : RULES) {
            int hits = rule.hits(message, lower);
            if (hits > 0) {
                return new Classification(rule.intent(), Math.min(0.98, 0.90 + 0.03 * (hits - 1)), false);
            }
        }
        if (previousTask != null && previousTask.isTask()) {
            return new Classification(previousTask, 0.76, true);
        }
        return new Classification(Intent.UNKNOWN, 0.35, false);
    }
}
