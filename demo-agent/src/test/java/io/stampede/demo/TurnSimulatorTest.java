package io.stampede.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.stampede.tokens.TokenEstimator;
import io.vertx.core.json.JsonObject;

class TurnSimulatorTest {

    @Test
    void everyIntentRepliesInTheCustomersLanguage() {
        for (Intent intent : Intent.values()) {
            JsonObject result = intent.hasTool()
                    ? Tools.find(intent.tool()).call(ToolArguments.forTurn(intent, "order 12345", null, "c-1"))
                    : null;
            String chinese = Replies.compose(intent, true, false, result);
            String english = Replies.compose(intent, false, false, result);
            assertThat(TokenEstimator.hasCjkLetters(chinese)).as("%s in Chinese", intent).isTrue();
            assertThat(TokenEstimator.hasCjkLetters(english)).as("%s in English", intent).isFalse();
            assertThat(english).as("%s in English", intent).hasSizeGreaterThan(20);
            assertThat(TokenEstimator.hasCjkLetters(Replies.apology(intent, true))).isTrue();
            assertThat(Replies.apology(intent, false)).startsWith("Sorry");
        }
    }

    @Test
    void greetingsSkipTheKnowledgeBaseAndCallNoTool() {
        TurnSimulator simulator = new TurnSimulator(new LatencyModel(1), new SplittableRandom(1), 0);
        Turn turn = simulator.simulate("hello", null, "c-1", History.NONE);
        assertThat(turn.toChatJson().getJsonArray("tools_called")).isEmpty();
        assertThat(turn.toChatJson().getJsonArray("trace").stream().map(n -> ((JsonObject) n).getString("node")))
                .containsExactly("memory", "llm_call", "llm_call", "memory");
        assertThat(turn.latencyMs()).isEqualTo(TestAgent.traceTotalMs(turn.toChatJson()), org.assertj.core.api.Assertions.within(0.05));
    }

    @Test
    void userProfileOrderIdIsUsedWhenTheMessageNamesNone() {
        JsonObject args = ToolArguments.forTurn(Intent.ORDER_STATUS, "where is my order?",
                new JsonObject().put("order_id", "A-777"), "c-1");
        assertThat(args.getString("order_id")).isEqualTo("A-777");
    }
}
