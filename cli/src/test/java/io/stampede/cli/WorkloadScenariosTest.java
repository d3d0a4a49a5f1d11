package io.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.stampede.dataset.ConversationFormat;
import io.stampede.dataset.Conversation;
import io.stampede.results.Summary;
import io.stampede.tokens.TokenEstimator;

/**
 * The shipped workload scenarios run as they are, against the embedded demo agent, which also
 * plays the simulated user ({@code demo-user}) and the judge ({@code demo-judge}); and what each
 * leaves in its run folder says the workload was what it promised.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkloadScenariosTest {

    @Test
    void theShippedDatasetSendsEveryRowOnceTurnByTurnAndChecksEachReplyAgainstTheRecordedOne(@TempDir Path out) throws Exception {
        assertThat(Main.execute("run", "../scenarios/dataset-conversations.yaml", "--record", "--out", out.toString(), "--quiet"))
                .isEqualTo(ExitCodes.OK);

        Path run = Workloads.runFolder(out);
        Summary summary = Workloads.summary(run);
        List<String> rows = Files.readAllLines(Path.of("../scenarios/data/support-chats.jsonl"));
        List<Conversation> dataset = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            dataset.add(ConversationFormat.parse(rows.get(i), i));
        }
        int turns = dataset.stream().mapToInt(c -> c.turns().size()).sum();
        assertThat(summary.conversations().started()).as("unique: every row once, then the users stop").isEqualTo(rows.size());
        assertThat(Workloads.step(summary, "dataset").count()).isEqualTo(turns);
        Summary.CheckLine expected = Workloads.check(summary, "dataset", "assert.expected_reply");
        assertThat(expected.count()).isEqualTo(turns);
        assertThat(expected.passRate()).isEqualTo(100.0);

        List<Map<String, Object>> recorded = Workloads.lines(run, "conversations.jsonl");
        assertThat(recorded).hasSize(rows.size());
        assertThat(recorded).extracting(c -> ((Number) c.get("dataset_row")).intValue())
                .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        for (Map<String, Object> c : recorded) {
            Conversation row = dataset.get(((Number) c.get("dataset_row")).intValue());
            assertThat(Workloads.turns(c)).extracting(t -> t.get("user"))
                    .containsExactlyElementsOf(row.turns().stream().map(Conversation.Turn::user).toList());
            assertThat(c.get("outcome")).isEqualTo("ok");
        }
        Map<String, Object> turn = Workloads.turns(recorded.get(0)).get(0);
        assertThat(turn).containsKeys("reply", "latency_ms", "ttft_ms", "think_ms", "input_tokens", "output_tokens", "nodes", "checks");
    }

    @Test
    void theShippedSyntheticPromptsHaveTheLengthsDrawnAndAskForTheirOutputLength(@TempDir Path out) throws Exception {
        assertThat(Main.execute("run", "../scenarios/synthetic-prompts.yaml", "--duration", "3s", "--record", "--out", out.toString(),
                "--quiet")).isEqualTo(ExitCodes.OK);

        Path run = Workloads.runFolder(out);
        List<Map<String, Object>> recorded = Workloads.lines(run, "conversations.jsonl");
        assertThat(recorded).hasSizeGreaterThanOrEqualTo(20);
        double inputs = 0;
        for (Map<String, Object> c : recorded) {
            Map<String, Object> t = Workloads.turns(c).get(0);
            int prompt = TokenEstimator.estimate((String) t.get("user"));
            assertThat(prompt).isBetween(32, 1024);
            // The demo agent counts its 150-token system prompt in the input, and answers as long as max_tokens asks.
            assertThat(((Number) t.get("input_tokens")).intValue()).isEqualTo(150 + prompt);
            int output = ((Number) t.get("output_tokens")).intValue();
            assertThat(output == 32 || (output >= 64 && output <= 128)).as("output %d from the histogram", output).isTrue();
            inputs += prompt;
        }
        assertThat(inputs / recorded.size()).as("normal, mean 256").isCloseTo(256, within(64.0));
    }

    @Test
    void theShippedSimulatedUserTalksUntilItsGoalIsMetAndItsCallsAreCountedApart(@TempDir Path out) throws Exception {
        CommandOutput command = CommandOutput.run("run", "../scenarios/simulated-user.yaml", "--record", "--out", out.toString(), "--quiet");
        assertThat(command.exitCode()).as(command.out() + command.err()).isEqualTo(ExitCodes.OK);

        Path run = Workloads.runFolder(out);
        Summary summary = Workloads.summary(run);
        int conversations = 4 * 2;
        // demo-user: its goal, then "the steps?", then the stop text: two agent turns and three simulator calls each.
        assertThat(Workloads.step(summary, "chat").count()).isEqualTo(2L * conversations);
        assertThat(summary.conversations().succeeded()).isEqualTo(conversations);
        Summary.Helper simulator = summary.simulator();
        assertThat(simulator.calls()).isEqualTo(3L * conversations);
        assertThat(simulator.errors()).isZero();
        assertThat(simulator.model()).isEqualTo("demo-user");
        assertThat(simulator.inputTokens()).isPositive();
        assertThat(simulator.cost()).isPositive();
        assertThat(simulator.waitMs()).isNotNull();
        assertThat(summary.tokens().input()).as("the agent's tokens hold none of the simulator's")
                .isEqualTo(Workloads.step(summary, "chat").inputTokens());
        assertThat(summary.judge()).isNull();
        assertThat(command.out()).as("the terminal's line of the simulator, apart from the agent's figures")
                .containsPattern("simulated user demo-user: " + 3 * conversations + " calls, 0 failed, latency p95 \\S+, waited p95 \\S+,"
                        + " tokens \\d+ in / \\d+ out, cost 0\\.\\d{4} USD \\(not in the agent's figures\\)")
                .doesNotContain("judge demo");
        for (Map<String, Object> c : Workloads.lines(run, "conversations.jsonl")) {
            assertThat(Workloads.turns(c)).extracting(t -> t.get("user")).containsExactly("我想了解退款流程", "能给我具体步骤吗？");
        }
    }

    @Test
    void theShippedJudgeScoresRepliesAndConversationsOnceForIdenticalOnes(@TempDir Path out) throws Exception {
        CommandOutput command = CommandOutput.run("run", "../scenarios/llm-judge.yaml", "--out", out.toString(), "--quiet");
        assertThat(command.exitCode()).as(command.out() + command.err()).isEqualTo(ExitCodes.OK);

        Path run = Workloads.runFolder(out);
        Summary summary = Workloads.summary(run);
        Summary.CheckLine reply = Workloads.check(summary, "ask_refund", "assert.judge");
        Summary.CheckLine conversation = Workloads.check(summary, "ask_steps", "assert.judge");
        assertThat(reply.count()).isEqualTo(10);
        assertThat(reply.passRate()).isEqualTo(100.0);
        assertThat(conversation.count()).isEqualTo(10);
        assertThat(conversation.passRate()).isEqualTo(100.0);
        Summary.Helper judge = summary.judge();
        assertThat(judge.calls() + judge.cached()).isEqualTo(20);
        assertThat(judge.cached()).as("identical (rubric, reply) pairs are judged once").isPositive();
        assertThat(judge.cost()).isPositive();
        assertThat(command.out()).contains("judge demo-judge: " + judge.calls() + " calls + " + judge.cached() + " cached, 0 failed");
        List<Map<String, Object>> judged = Workloads.lines(run, "events.jsonl").stream()
                .filter(e -> "judge".equals(e.get("node"))).toList();
        assertThat(judged).isNotEmpty();
        @SuppressWarnings("unchecked")
        Map<String, Object> detail = (Map<String, Object>) judged.get(0).get("detail");
        assertThat(detail).containsKeys("score", "pass_if", "reasoning", "prompt");
        assertThat((String) detail.get("prompt")).startsWith("Rubric: ");
    }
}
