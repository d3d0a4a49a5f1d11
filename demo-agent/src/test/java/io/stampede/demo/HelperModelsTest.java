package io.stampede.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The demo agent's stand-ins for the simulated user and the judge answer as documented. */
class HelperModelsTest {
    private static final String SYSTEM = "You play a customer.\nYour goal: 我想了解退款流程\nWhen your goal is met, or the agent"
            + " cannot meet it, write only ###STOP###.";

    @Test
    void theSimulatedUserStatesItsGoalAsksForTheStepsThenStops() {
        JsonArray messages = new JsonArray().add(m("system", SYSTEM)).add(m("user", "(begin)"));
        assertThat(HelperModels.answer(HelperModels.USER, messages)).isEqualTo("我想了解退款流程");
        messages.add(m("assistant", "我想了解退款流程")).add(m("user", "退款步骤：…"));
        assertThat(HelperModels.answer(HelperModels.USER, messages)).isEqualTo("能给我具体步骤吗？");
        messages.add(m("assistant", "能给我具体步骤吗？")).add(m("user", "好的，退款步骤：…"));
        assertThat(HelperModels.answer(HelperModels.USER, messages)).isEqualTo("###STOP###");
    }

    @Test
    void theJudgeScoresByTheQuotedTermsFoundOrTheReferenceAndCanBeToldToFail() {
        String system = "Score it on a scale of 1 (not at all) to 5 (fully).";
        assertThat(judge(system, "Rubric: names \"退款\" and \"工作日\"\n\nReply to judge:\n退款在 3 个工作日内"))
                .contains("\"score\":5");
        assertThat(judge(system, "Rubric: names \"退款\" and \"发票\"\n\nReply to judge:\n退款在 3 个工作日内"))
                .contains("\"score\":3");
        assertThat(judge(system, "Rubric: same as this reference reply: hello there\n\nReply to judge:\nhello there"))
                .contains("\"score\": 5");
        assertThat(judge(system, "Rubric: [no score]\n\nReply to judge:\nx")).doesNotContain("score");
        assertThat(judge(system, "Rubric: [out of scale]\n\nReply to judge:\nx")).contains("\"score\": 10");
    }

    private static String judge(String system, String prompt) {
        return HelperModels.answer(HelperModels.JUDGE, new JsonArray().add(m("system", system)).add(m("user", prompt)));
    }

    private static JsonObject m(String role, String content) {
        return new JsonObject().put("role", role).put("content", content);
    }
}
