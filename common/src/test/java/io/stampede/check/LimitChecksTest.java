package io.stampede.check;

import static io.stampede.check.CheckKinds.check;
import static io.stampede.check.CheckKinds.verify;
import static io.stampede.check.Seen.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Limits on time and size: {@code max_latency}, {@code ttft}, {@code max_tokens}. */
class LimitChecksTest {

    @Test
    void maxLatencyHoldsUpToAndIncludingTheLimit() {
        assertThat(verify("max_latency", "3s", response().latencyMicros(2_999_999))).isEmpty();
        assertThat(verify("max_latency", "3s", response().latencyMicros(3_000_000))).isEmpty();
        assertThat(verify("max_latency", "3s", response().latencyMicros(3_000_001))).contains("latency 3001ms over 3000ms");
        assertThat(verify("max_latency", "1500ms", response().latencyMicros(4_250_000))).contains("latency 4250ms over 1500ms");
    }

    @Test
    void shortLatenciesAreReportedWithTheirFraction() {
        assertThat(verify("max_latency", "5ms", response().latencyMicros(7_300))).contains("latency 7.3ms over 5.0ms");
    }

    @Test
    void aLatencyJustOverTheLimitNeverReadsAsEqualToIt() {
        assertThat(verify("max_latency", "5ms", response().latencyMicros(5_001))).contains("latency 5.1ms over 5.0ms");
        assertThat(verify("max_latency", "2s", response().latencyMicros(2_000_400))).contains("latency 2001ms over 2000ms");
        assertThat(verify("ttft", "800ms", response().ttftMicros(800_001))).contains("time to first token 801ms over 800ms");
    }

    @Test
    void aLimitWithoutUnitIsRefused() {
        assertThatThrownBy(() -> check("max_latency", 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'3' has no unit: write e.g. 3ms or 3s");
        assertThatThrownBy(() -> check("ttft", 800)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no unit");
    }

    @Test
    void ttftHoldsWhenTheFirstTokenCameInTime() {
        assertThat(verify("ttft", "800ms", response().ttftMicros(650_000))).isEmpty();
        assertThat(verify("ttft", "800ms", response().ttftMicros(912_000))).contains("time to first token 912ms over 800ms");
    }

    @Test
    void ttftFailsOnAResponseThatWasNotStreamed() {
        assertThat(verify("ttft", "800ms", response())).contains("no time to first token: the response was not streamed");
    }

    @Test
    void maxTokensLimitsOutputTokens() {
        assertThat(verify("max_tokens", 500, response().outputTokens(500))).isEmpty();
        assertThat(verify("max_tokens", 500, response().outputTokens(501))).contains("501 output tokens, over 500");
        assertThat(verify("max_tokens", 0, response())).isEmpty();
    }

    @Test
    void maxTokensNeedsAWholeNonNegativeNumber() {
        assertThatThrownBy(() -> check("max_tokens", -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("max_tokens must not be negative");
        assertThatThrownBy(() -> check("max_tokens", 2.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> check("max_tokens", "many")).isInstanceOf(IllegalArgumentException.class);
    }
}
