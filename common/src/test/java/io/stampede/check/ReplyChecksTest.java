package io.stampede.check;

import static io.stampede.check.CheckKinds.check;
import static io.stampede.check.CheckKinds.verify;
import static io.stampede.check.Seen.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@code response_contains} and {@code response_matches}: conditions on the reply text. */
class ReplyChecksTest {
    private static final String STEPS = "退款步骤：1. 打开订单 2. 申请退款 3. 等待审核";

    @Test
    void responseContainsHoldsWhenEveryTextIsInTheReply() {
        assertThat(verify("response_contains", List.of("退款", "步骤"), response().reply(STEPS))).isEmpty();
        assertThat(verify("response_contains", "审核", response().reply(STEPS))).isEmpty();
    }

    @Test
    void responseContainsNamesTheMissingTextAndQuotesTheReply() {
        assertThat(verify("response_contains", List.of("退款", "发票"), response().reply(STEPS)))
                .contains("reply does not contain \"发票\": \"" + STEPS + "\"");
    }

    @Test
    void aLongReplyIsQuotedShortInTheReason() {
        String longReply = "word ".repeat(100);

        String reason = verify("response_contains", "refund", response().reply(longReply)).orElseThrow();

        assertThat(reason).endsWith("…\"").hasSizeLessThan(140);
    }

    @Test
    void withoutAMappedReplyTheRawBodyIsSearched() {
        assertThat(verify("response_contains", "shipped", response().body("{\"status\":\"shipped\"}"))).isEmpty();
    }

    @Test
    void responseMatchesFindsTheExpressionAnywhereAcrossLines() {
        assertThat(verify("response_matches", "步骤.*3\\.", response().reply(STEPS))).isEmpty();
        assertThat(verify("response_matches", "first.*second", response().reply("first line\nsecond line"))).isEmpty();
        assertThat(verify("response_matches", "^\\d+$", response().reply("order 42"))).contains("reply does not match /^\\d+$/: \"order 42\"");
    }

    @Test
    void anInvalidExpressionIsRefusedWhenTheScenarioLoads() {
        assertThatThrownBy(() -> check("response_matches", "step(")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'step(' is not a valid regular expression");
    }
}
