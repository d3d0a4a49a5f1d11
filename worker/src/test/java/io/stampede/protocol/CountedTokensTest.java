package io.stampede.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;

/**
 * A stream without usage ({@code openai-no-usage.sse}: "退款需要在30天内申请。 Refunds take up to 30
 * days." in four deltas) is counted, once the turn ends, with the tokenizer of the model's family.
 * The expected counts were computed with js-tiktoken 1.0.21 (an implementation independent of
 * jtokkit); the estimate's by its rule (10 CJK characters + 30 others / 4, rounded up).
 */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class CountedTokensTest {
    private static final String ASKED = "请问我的订单12345什么时候发货？";

    @RegisterExtension
    final StreamReplayServer server = new StreamReplayServer();

    private AgentResponse turn(Vertx vertx, String target) throws Exception {
        return Drivers.create(vertx, "  base_url: " + server.baseUrl() + "\n  protocol: openai\n" + target
                        + "\n  request: { path: /replay/openai-no-usage.sse }")
                .send(new TestSession(1, "c1"), ASKED).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void aGpt4oReplyIsCountedWithO200kBaseAsTheModelWouldSeeIt(Vertx vertx) throws Exception {
        AgentResponse r = turn(vertx, "  model: gpt-4o");

        assertThat(r.reply()).isEqualTo("退款需要在30天内申请。 Refunds take up to 30 days.");
        assertThat(r.usage().reported()).isFalse();
        assertThat(r.usage().outputTokens()).isEqualTo(17);
        assertThat(r.usage().inputTokens()).isEqualTo(10);
    }

    @Test
    void aGpt4ReplyIsCountedWithCl100kBase(Vertx vertx) throws Exception {
        AgentResponse r = turn(vertx, "  model: gpt-4-turbo");

        assertThat(r.usage().outputTokens()).isEqualTo(20);
        assertThat(r.usage().inputTokens()).isEqualTo(15);
    }

    @Test
    void aModelWithoutAKnownTokenizerFallsBackToTheEstimateUnlessTheScenarioNamesOne(Vertx vertx) throws Exception {
        AgentResponse estimated = turn(vertx, "  model: claude-sonnet-4-5");
        AgentResponse named = turn(vertx, "  model: claude-sonnet-4-5\n  tokenizer: o200k_base");

        assertThat(estimated.usage().outputTokens()).isEqualTo(18);
        assertThat(estimated.usage().inputTokens()).isEqualTo(15);
        assertThat(named.usage().outputTokens()).isEqualTo(17);
    }
}
