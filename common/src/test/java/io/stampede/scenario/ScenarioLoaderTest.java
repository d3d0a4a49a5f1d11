package io.stampede.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.stampede.check.Check;
import io.stampede.scenario.Threshold.Comparison;
import io.stampede.scenario.Threshold.Measure;
import io.stampede.scenario.Threshold.Scope;
import io.stampede.time.DurationRange;

class ScenarioLoaderTest {

    @Test
    void theDesignExampleLoadsIntoTheModel() throws Exception {
        Scenario s = Scenarios.load("valid/design-example.yaml");

        assertThat(s.name()).isEqualTo("refund_flow");
        Target t = s.target();
        assertThat(t.baseUrl()).isEqualTo("http://127.0.0.1:8700");
        assertThat(t.protocol()).isEqualTo(Protocol.OPENAI);
        assertThat(t.model()).isEqualTo("demo-gpt");
        assertThat(t.headers().get("Authorization").source()).isEqualTo("Bearer none");
        assertThat(t.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(t.embedded()).isNull();

        Load load = s.load();
        assertThat(load.users()).isEqualTo(50);
        assertThat(load.rampUp()).isEqualTo(Duration.ofSeconds(10));
        assertThat(load.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(load.iterations()).isZero();
        assertThat(load.thinkTime()).isEqualTo(new DurationRange(Duration.ofSeconds(1), Duration.ofSeconds(3)));
        assertThat(load.isOpenModel()).isFalse();
        assertThat(load.gracefulStop()).isEqualTo(Duration.ofSeconds(10));

        assertThat(s.userProfile()).containsExactly(Map.entry("memory", "enabled"), Map.entry("kb", "test_kb"));
        assertThat(s.data().columns()).containsExactly("order_id", "name", "note");
        assertThat(s.data().rows()).hasSize(2);

        assertThat(s.steps()).extracting(Step::name, st -> st.getClass().getSimpleName()).containsExactly(
                tuple("ask_refund", "SendStep"),
                tuple("turn_2", "SendStep"),
                tuple("wait_3", "WaitStep"),
                tuple("GET /orders/{{user.order_id}}", "RequestStep"));
        SendStep first = (SendStep) s.steps().get(0);
        SendStep second = (SendStep) s.steps().get(1);
        assertThat(first.turn()).isEqualTo(1);
        assertThat(second.turn()).isEqualTo(2);
        assertThat(first.message().source()).isEqualTo("你好，我想了解退款流程");
        assertThat(first.checks()).extracting(Check::kind).containsExactly("intent");
        assertThat(second.checks()).extracting(Check::kind).containsExactly("response_contains", "tool_called", "max_latency");
        assertThat(first.position()).isEqualTo(new Position(21, 5));
        assertThat(((WaitStep) s.steps().get(2)).duration()).isEqualTo(DurationRange.fixed(Duration.ofSeconds(2)));
        RequestStep request = (RequestStep) s.steps().get(3);
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path().references()).containsExactly("user.order_id");
        assertThat(request.body()).isNull();
        assertThat(request.extractions()).extracting(Extraction::variable, e -> e.path().source())
                .containsExactly(tuple("order_status", "$.status"));
        assertThat(s.measuredSteps()).hasSize(3);

        assertThat(s.thresholds()).extracting(Threshold::metric, Threshold::scope, Threshold::subject, Threshold::measure,
                Threshold::percentile, Threshold::comparison, Threshold::value).containsExactly(
                tuple("success_rate", Scope.RUN, null, Measure.SUCCESS_RATE, 0.0, Comparison.GE, 99.0),
                tuple("p95_latency", Scope.RUN, null, Measure.LATENCY, 95.0, Comparison.LT, 2000.0),
                tuple("step.ask_refund.p99_latency", Scope.STEP, "ask_refund", Measure.LATENCY, 99.0, Comparison.LT, 5000.0),
                tuple("node.llm_call.p95_latency", Scope.NODE, "llm_call", Measure.LATENCY, 95.0, Comparison.LT, 1500.0),
                tuple("ttft.p95", Scope.RUN, null, Measure.TTFT, 95.0, Comparison.LT, 800.0),
                tuple("tokens_per_conversation", Scope.RUN, null, Measure.TOKENS_PER_CONVERSATION, 0.0, Comparison.LT, 4000.0));
        assertThat(s.thresholds().get(1).expression()).isEqualTo("p95_latency < 2s");
        assertThat(s.thresholds().get(0).position()).isEqualTo(new Position(34, 3));

        assertThat(s.pricing()).containsExactly(Map.entry("demo-gpt", new Pricing(2.0, 8.0)));
        assertThat(s.onFailure()).isEqualTo(FailurePolicy.CONTINUE);
        assertThat(s.onWorkerLoss()).isEqualTo(WorkerLossPolicy.REDISTRIBUTE);
        assertThat(s.source()).isEqualTo(Scenarios.text("valid/design-example.yaml"));
    }

    @Test
    void jsonInputLoadsTheSameScenarioAsYaml() throws Exception {
        Scenario yaml = Scenarios.load("valid/design-example.yaml");
        Scenario json = Scenarios.load("valid/design-example.json");

        assertThat(json.target().baseUrl()).isEqualTo(yaml.target().baseUrl());
        assertThat(json.target().headers()).isEqualTo(yaml.target().headers());
        assertThat(json.load()).isEqualTo(yaml.load());
        assertThat(json.userProfile()).isEqualTo(yaml.userProfile());
        assertThat(json.data()).isEqualTo(yaml.data());
        assertThat(json.steps()).extracting(Step::name).isEqualTo(yaml.steps().stream().map(Step::name).toList());
        assertThat(json.thresholds()).extracting(Threshold::expression)
                .isEqualTo(yaml.thresholds().stream().map(Threshold::expression).toList());
        assertThat(json.pricing()).isEqualTo(yaml.pricing());
    }

    @Test
    void everyStepKindGetsItsDefaultNameAndItsOwnFields() throws Exception {
        Scenario s = Scenarios.load("valid/all-step-kinds.yaml");

        assertThat(s.steps()).extracting(Step::name).containsExactly(
                "turn_1", "assert_2", "tool_lookup_order", "POST https://billing.example.com/refunds/{{order_id}}", "wait_5", "turn_2");
        assertThat(s.steps().get(1)).isInstanceOf(AssertStep.class);
        assertThat(s.steps().get(1).isMeasured()).isFalse();
        CallToolStep tool = (CallToolStep) s.steps().get(2);
        assertThat(tool.tool()).isEqualTo("lookup_order");
        assertThat(tool.onFailure()).isEqualTo(FailurePolicy.STOP_USER);
        assertThat(tool.args().render(name -> name.equals("order_id") ? "A-7" : null))
                .isEqualTo(Map.of("order_id", "A-7", "verbose", true));
        RequestStep request = (RequestStep) s.steps().get(3);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.headers()).containsOnlyKeys("X-Api-Key", "Accept");
        assertThat(request.body().references()).containsExactly("turn", "iteration", "user.id");
        assertThat(request.checks()).extracting(Check::kind).containsExactly("json_path");
        SendStep last = (SendStep) s.steps().get(5);
        assertThat(last.turn()).isEqualTo(2);
        assertThat(last.checks()).extracting(Check::kind).containsExactly("tools_called", "max_tokens");
        assertThat(last.onFailure()).isEqualTo(FailurePolicy.STOP_CONVERSATION);
        assertThat(s.onWorkerLoss()).isEqualTo(WorkerLossPolicy.ABORT);
    }

    @Test
    void theHttpMappingCanBeOverriddenAndAPathTurnedOffWithTilde() throws Exception {
        Target t = Scenarios.load("valid/all-step-kinds.yaml").target();
        HttpMapping http = t.http();

        assertThat(t.embedded()).isEqualTo("demo-agent");
        assertThat(http.method()).isEqualTo("PUT");
        assertThat(http.path()).isEqualTo("/v1/turn");
        assertThat(http.body().references()).containsExactly("message", "conversation_id", "user_profile");
        assertThat(http.reply().source()).isEqualTo("$.answer.text");
        assertThat(http.trace()).isNull();
        assertThat(http.intent().source()).isEqualTo("$.intent");
        assertThat(http.toolsPath()).isEqualTo("/agent/tools");
    }

    @Test
    void withoutLoadAndMappingTheDefaultsApply() throws Exception {
        Scenario s = Scenarios.load("valid/minimal.yaml");

        assertThat(s.load()).isEqualTo(new Load(1, Duration.ZERO, null, 1, DurationRange.ZERO, null, false, 10_000, List.of(),
                Duration.ofSeconds(10), Duration.ZERO, 1));
        HttpMapping http = s.target().http();
        assertThat(t(http.method(), http.path(), http.toolsPath())).containsExactly("POST", "/chat", "/tools");
        assertThat(http.body().render(name -> "<" + name + ">"))
                .isEqualTo(Map.of("message", "<message>", "conversation_id", "<conversation_id>", "user_profile", "<user_profile>"));
        assertThat(t(http.reply(), http.intent(), http.tools(), http.usage(), http.trace(), http.conversationId()))
                .extracting(Object::toString)
                .containsExactly("$.reply", "$.intent", "$.tools_called", "$.usage", "$.trace", "$.conversation_id");
        assertThat(s.target().protocol()).isEqualTo(Protocol.HTTP);
        assertThat(s.data()).isEqualTo(DataTable.EMPTY);
        assertThat(s.thresholds()).isEmpty();
    }

    @Test
    void plainValuesAreTypedByYaml12SoNoStaysText() throws Exception {
        Map<String, Object> profile = Scenarios.load("valid/minimal.yaml").userProfile();

        assertThat(profile).containsEntry("country", "NO").containsEntry("vip", true).containsEntry("limit", 16L)
                .containsEntry("ratio", 1500.0).containsEntry("nothing", null);
    }

    @Test
    void theOpenModelReadsRateArrivalsAndCap() throws Exception {
        Load load = Scenarios.load("valid/open-model.yaml").load();

        assertThat(load.isOpenModel()).isTrue();
        assertThat(load.arrivalRate().perSecond()).isEqualTo(10.0);
        assertThat(load.poisson()).isTrue();
        assertThat(load.maxUsers()).isEqualTo(500);
        assertThat(load.users()).isZero();
        assertThat(load.duration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(load.gracefulStop()).isZero();
    }

    @Test
    void stagesMakeAClosedProfile() throws Exception {
        Scenario s = Scenarios.load("valid/stages.yaml");
        Load load = s.load();

        assertThat(s.target().protocol()).isEqualTo(Protocol.WEBSOCKET);
        assertThat(load.stages()).extracting(Stage::duration, Stage::users).containsExactly(
                tuple(Duration.ofSeconds(30), 10), tuple(Duration.ofMinutes(1), 100), tuple(Duration.ofSeconds(15), 0));
        assertThat(load.totalUsers()).isEqualTo(100);
        assertThat(load.plannedDuration()).isEqualTo(Duration.ofSeconds(105));
        assertThat(load.thinkTime()).isEqualTo(DurationRange.fixed(Duration.ofMillis(500)));
    }

    @Test
    void thresholdMetricsSplitIntoScopeSubjectMeasureAndPercentile() throws Exception {
        List<Threshold> t = Scenarios.load("valid/thresholds.yaml").thresholds();

        assertThat(t).extracting(Threshold::scope, Threshold::subject, Threshold::measure, Threshold::percentile, Threshold::value)
                .containsExactly(
                        tuple(Scope.RUN, null, Measure.LATENCY, 99.9, 3000.0),
                        tuple(Scope.RUN, null, Measure.LATENCY, 99.9, 2500.0),
                        tuple(Scope.RUN, null, Measure.LATENCY, 100.0, 10_000.0),
                        tuple(Scope.RUN, null, Measure.TTFT, 100.0, 1000.0),
                        tuple(Scope.RUN, null, Measure.ERROR_RATE, 0.0, 0.5),
                        tuple(Scope.RUN, null, Measure.COST_PER_CONVERSATION, 0.0, 0.05),
                        tuple(Scope.RUN, null, Measure.TOTAL_COST, 0.0, 20.0),
                        tuple(Scope.RUN, null, Measure.RPS, 0.0, 100.0),
                        tuple(Scope.STEP, "v1.ask", Measure.LATENCY, 99.9, 4000.0),
                        tuple(Scope.STEP, "v1.ask", Measure.TTFT, 50.0, 300.0),
                        tuple(Scope.STEP, "v1.ask", Measure.SUCCESS_RATE, 0.0, 100.0),
                        tuple(Scope.NODE, "rag.search", Measure.ERROR_RATE, 0.0, 1.0));
        assertThat(t.get(0).holds(3000)).isTrue();
        assertThat(t.get(0).holds(3001)).isFalse();
    }

    @Test
    void streamedTurnsHaveThresholdsOnEveryTokenTiming() throws Exception {
        List<Threshold> t = Scenarios.load("valid/streaming-thresholds.yaml").thresholds();

        assertThat(t).extracting(Threshold::scope, Threshold::subject, Threshold::measure, Threshold::percentile, Threshold::value)
                .containsExactly(
                        tuple(Scope.RUN, null, Measure.TTFT, 95.0, 800.0),
                        tuple(Scope.RUN, null, Measure.TTFO, 99.0, 1000.0),
                        tuple(Scope.RUN, null, Measure.ITL, 95.0, 50.0),
                        tuple(Scope.RUN, null, Measure.TPOT, 100.0, 80.0),
                        tuple(Scope.STEP, "ask", Measure.ITL, 50.0, 30.0));
    }

    @Test
    void loadFileResolvesTheDataFileNextToTheScenario() throws Exception {
        Path file = Scenarios.file("valid/design-example.yaml");

        Scenario s = ScenarioLoader.loadFile(file);

        assertThat(s.data().source()).isEqualTo(file.resolveSibling("users.csv").toAbsolutePath().toString());
        assertThat(s.data().rowForUser(3).get("order_id")).isEqualTo("A-1002");
    }

    @Test
    void aWorkerUsesTheRowsItWasGivenInsteadOfReadingTheFile() throws Exception {
        DataTable shipped = new DataTable("users.csv", List.of("order_id"), List.of(Map.of("order_id", "W-1")));
        ScenarioSource source = new ScenarioSource(Scenarios.text("valid/design-example.yaml"), "wire", null, Map.of(), shipped);

        Scenario s = ScenarioLoader.load(source);

        assertThat(s.data()).isSameAs(shipped);
    }

    @Test
    void aValidScenarioHasNoErrors() {
        assertThat(Scenarios.errors("valid/design-example.yaml")).isEmpty();
        assertThat(Scenarios.errors("valid/design-example.json")).isEmpty();
        assertThat(Scenarios.errors("valid/all-step-kinds.yaml")).isEmpty();
    }

    private static List<Object> t(Object... values) {
        return java.util.Arrays.asList(values);
    }
}
