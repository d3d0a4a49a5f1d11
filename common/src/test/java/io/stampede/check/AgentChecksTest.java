package io.stampede.check;

import static io.stampede.check.CheckKinds.check;
import static io.stampede.check.CheckKinds.verify;
import static io.stampede.check.Seen.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** What the agent understood and did: {@code intent}, {@code tool_called}, {@code tools_called}, {@code finish_reason}. */
class AgentChecksTest {

    @Test
    void intentHoldsForTheExpectedIntentOrAnyOfAList() {
        assertThat(verify("intent", "refund", response().intent("refund"))).isEmpty();
        assertThat(verify("intent", List.of("refund", "cancel"), response().intent("cancel"))).isEmpty();
        assertThat(verify("intent", "refund", response().intent("greeting"))).contains("intent greeting, expected refund");
        assertThat(verify("intent", List.of("refund", "cancel"), response().intent("greeting")))
                .contains("intent greeting, expected refund or cancel");
    }

    @Test
    void intentFailsWhenTheResponseHasNone() {
        assertThat(verify("intent", "refund", response())).contains("response has no intent (expected refund)");
    }

    @Test
    void toolCalledHoldsWhenTheToolWasAmongTheCalls() {
        assertThat(verify("tool_called", "get_refund_policy", response().tools("lookup_order", "get_refund_policy"))).isEmpty();
        assertThat(verify("tool_called", "cancel_order", response().tools("lookup_order")))
                .contains("tool cancel_order not called (called: [lookup_order])");
        assertThat(verify("tool_called", "cancel_order", response())).contains("tool cancel_order not called (called: [])");
    }

    @Test
    void toolsCalledInAnyOrderNeedsEachTool() {
        Seen called = response().tools("cancel_order", "create_ticket", "lookup_order");

        assertThat(verify("tools_called", List.of("lookup_order", "cancel_order"), called)).isEmpty();
        assertThat(verify("tools_called", Map.of("tools", List.of("lookup_order", "cancel_order"), "order", "any"), called)).isEmpty();
        assertThat(verify("tools_called", List.of("lookup_order", "get_invoice"), called))
                .contains("tools called [cancel_order, create_ticket, lookup_order], expected [lookup_order, get_invoice] (any)");
    }

    @Test
    void toolsCalledInOrderAllowsOtherCallsBetweenButNotAnotherOrder() {
        Seen called = response().tools("lookup_order", "create_ticket", "cancel_order");
        Map<String, Object> inOrder = Map.of("tools", List.of("lookup_order", "cancel_order"), "order", "in_order");
        Map<String, Object> reversed = Map.of("tools", List.of("cancel_order", "lookup_order"), "order", "in_order");

        assertThat(verify("tools_called", inOrder, called)).isEmpty();
        assertThat(verify("tools_called", reversed, called))
                .contains("tools called [lookup_order, create_ticket, cancel_order], expected [cancel_order, lookup_order] (in_order)");
    }

    @Test
    void toolsCalledExactlyAllowsNothingElse() {
        Map<String, Object> exact = Map.of("tools", List.of("lookup_order", "cancel_order"), "order", "exact");

        assertThat(verify("tools_called", exact, response().tools("lookup_order", "cancel_order"))).isEmpty();
        assertThat(verify("tools_called", exact, response().tools("lookup_order", "create_ticket", "cancel_order")))
                .hasValueSatisfying(r -> assertThat(r).endsWith("(exact)"));
        assertThat(verify("tools_called", exact, response().tools("cancel_order", "lookup_order"))).isPresent();
        assertThat(verify("tools_called", exact, response().tools("lookup_order", "cancel_order", "cancel_order"))).isPresent();
    }

    @Test
    void toolsCalledRefusesAnUnknownOrderOrKey() {
        assertThatThrownBy(() -> check("tools_called", Map.of("tools", List.of("a"), "order", "strict")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("order 'strict' is not one of in_order, exact, any");
        assertThatThrownBy(() -> check("tools_called", Map.of("tool", List.of("a"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown key 'tool'");
        assertThatThrownBy(() -> check("tools_called", Map.of("order", "exact")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing 'tools'");
    }

    @Test
    void finishReasonHoldsForTheExpectedReason() {
        assertThat(verify("finish_reason", "stop", response().finishReason("stop"))).isEmpty();
        assertThat(verify("finish_reason", List.of("stop", "tool_calls"), response().finishReason("tool_calls"))).isEmpty();
        assertThat(verify("finish_reason", "stop", response().finishReason("length"))).contains("finish reason length, expected stop");
        assertThat(verify("finish_reason", "stop", response())).contains("response has no finish reason (expected stop)");
    }
}
