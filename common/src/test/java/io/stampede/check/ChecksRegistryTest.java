package io.stampede.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChecksRegistryTest {

    @Test
    void everyDocumentedCheckKindIsRegisteredAndNamesItself() {
        assertThat(Checks.kinds()).containsExactlyInAnyOrder("status", "response_contains", "response_matches", "json_path",
                "intent", "tool_called", "tools_called", "max_latency", "ttft", "max_tokens", "finish_reason", "tool_args",
                "json_schema", "expected_reply", "judge");
        assertThat(CheckKinds.check("intent", "refund").kind()).isEqualTo("intent");
        assertThat(CheckKinds.check("tools_called", java.util.List.of("a")).kind()).isEqualTo("tools_called");
    }

    @Test
    void anUnknownKindIsRefused() {
        assertThatThrownBy(() -> Checks.create("latency", new CheckArgument("3s")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown check 'latency'");
    }
}
