package io.stampede.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.stampede.check.ExpectedReplyCheck;
import io.stampede.dataset.Distribution;

/** The workload parts of a scenario as the model holds them: datasets, the simulated user, the judge. */
class WorkloadScenarioTest {

    @Test
    void aJudgedDatasetScenarioHoldsItsDrawsChecksAndJudge() throws Exception {
        Scenario s = Scenarios.load("valid/workloads/judged-dataset.yaml");

        Dataset d = s.dataset();
        assertThat(d.kind()).isEqualTo(Dataset.Kind.JSONL);
        assertThat(d.order()).isEqualTo(Dataset.Order.RANDOM);
        assertThat(d.unique()).isTrue();
        assertThat(d.seed()).isEqualTo(7);
        assertThat(d.file()).isAbsolute().endsWith(java.nio.file.Path.of("chats.jsonl"));
        assertThat(s.load().iterations()).as("a unique dataset ends the load").isZero();
        DatasetStep step = (DatasetStep) s.steps().get(0);
        assertThat(step.name()).isEqualTo("chats");
        assertThat(step.checks()).extracting(c -> c.label()).containsExactly("expect.expected_reply", "assert.judge", "assert.max_latency");
        assertThat(((ExpectedReplyCheck) step.checks().get(0).unwrap()).minSimilarity()).isEqualTo(0.6);
        JudgeCheck judge = (JudgeCheck) step.checks().get(1).unwrap();
        assertThat(judge.passIf()).isEqualTo(new PassIf(">=", 3));
        assertThat(judge.scaleMin()).isZero();
        assertThat(judge.scaleMax()).isEqualTo(10);
        assertThat(judge.ofConversation()).isTrue();
        assertThat(judge.concurrency()).isEqualTo(8);
        assertThat(judge.endpoint().model()).isEqualTo("demo-judge");
        assertThat(judge.endpoint().protocol()).isEqualTo(Protocol.OPENAI);
        assertThat(judge.endpoint().streaming()).isFalse();
        assertThat(judge.rubric().references()).contains("expected_reply");
        assertThat(s.secrets().mask("Bearer judge-secret-123")).doesNotContain("judge-secret-123");
        assertThat(Redactor.redact(s)).doesNotContain("judge-secret-123");
    }

    @Test
    void aSimulatedUserHoldsItsEndpointPersonaGoalAndLimits() throws Exception {
        Scenario s = Scenarios.load("valid/workloads/simulated.yaml");

        Simulator sim = s.simulator();
        assertThat(sim.endpoint().baseUrl()).isEqualTo("http://127.0.0.1:8700");
        assertThat(sim.endpoint().model()).isEqualTo("demo-user");
        assertThat(sim.goal().render(n -> null)).isEqualTo("我想了解退款流程");
        assertThat(sim.maxTurns()).isEqualTo(4);
        assertThat(sim.stopWhen()).isEqualTo("DONE");
        assertThat(sim.seed()).isEqualTo(3L);
        assertThat(sim.temperature()).isEqualTo(0.5);
        assertThat(sim.concurrency()).isEqualTo(4);
        assertThat(s.steps().get(0)).isInstanceOf(SimulatedStep.class);
        assertThat(s.steps().get(0).name()).isEqualTo("simulated");
        JudgeCheck judge = (JudgeCheck) s.steps().get(1).checks().get(0).unwrap();
        assertThat(judge.passIf()).as("the upper half of 1..5").isEqualTo(new PassIf(">=", 4));
        assertThat(judge.ofConversation()).isFalse();
    }

    @Test
    void syntheticPromptsHoldTheirDistributionsAndTurns() throws Exception {
        Scenario s = Scenarios.load("valid/workloads/synthetic.yaml");

        Dataset d = s.dataset();
        assertThat(d.kind()).isEqualTo(Dataset.Kind.SYNTHETIC);
        assertThat(d.file()).isNull();
        assertThat(d.synthetic().turns()).isEqualTo(2);
        assertThat(d.synthetic().seed()).isEqualTo(11);
        assertThat(d.synthetic().input()).isEqualTo(new Distribution(Distribution.Kind.NORMAL, 256, 32, java.util.List.of(), 64, 512));
        assertThat(d.synthetic().output().buckets()).containsExactly(new Distribution.Bucket(64, 64, 3),
                new Distribution.Bucket(128, 256, 1));
        assertThat(((DatasetStep) s.steps().get(0)).firstOnly()).isTrue();
    }

    @Test
    void aWorkerLoadsADatasetScenarioWithoutItsFile() throws Exception {
        ScenarioSource onWorker = new ScenarioSource(Scenarios.text("valid/workloads/judged-dataset.yaml"), "wire", null, Map.of(),
                DataTable.EMPTY);

        Scenario s = ScenarioLoader.load(onWorker);

        assertThat(s.dataset().file()).as("rows come from the coordinator").isNull();
        assertThat(s.dataset().source()).isEqualTo("chats.jsonl");
    }
}
