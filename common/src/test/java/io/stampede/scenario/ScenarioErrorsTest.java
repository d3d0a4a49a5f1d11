package io.stampede.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/** One file per kind of mistake: each error says where (line:column, path) and what to write. */
class ScenarioErrorsTest {

    /** The files that hold one mistake each, and the one error each must give ({@code one-error-each.csv}). */
    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/scenarios/one-error-each.csv", numLinesToSkip = 1, delimiter = '|')
    void aMistakeIsOneErrorThatSaysWhereAndWhatToWrite(String mistake, String file, int line, int column, String path,
                                                       String message) {
        assertThat(Scenarios.errors("errors/" + file)).singleElement().satisfies(e -> {
            assertThat(e.line()).as("%s: line", file).isEqualTo(line);
            assertThat(e.column()).as("%s: column", file).isEqualTo(column);
            assertThat(e.path()).as("%s: path", file).isEqualTo(path);
            assertThat(e.message()).as("%s: message", file).contains(message);
        });
    }

    @Test
    void aBadDurationIsReportedAtItsValue() {
        List<ScenarioError> errors = Scenarios.errors("errors/bad-duration.yaml");

        assertThat(errors).extracting(ScenarioError::line, ScenarioError::column, ScenarioError::path).containsExactly(
                tuple(4, 12, "target.timeout"), tuple(7, 11, "steps[1].wait"));
        assertThat(errors.get(0).message()).contains("'30 seconds' is not a duration", "10s");
        assertThat(errors.get(1).message()).isEqualTo("'2' has no unit: write e.g. 2s or 2ms");
    }

    @Test
    void aBadCheckArgumentCarriesTheChecksOwnSentence() {
        List<ScenarioError> errors = Scenarios.errors("errors/bad-check-argument.yaml");

        assertThat(errors).extracting(ScenarioError::line, ScenarioError::column, ScenarioError::path).containsExactly(
                tuple(7, 15, "steps[0].assert.status"), tuple(8, 20, "steps[0].assert.max_latency"));
        assertThat(errors.get(0).message()).contains("'2000' is not an HTTP status");
        assertThat(errors.get(1).message()).contains("'3' has no unit");
    }

    @Test
    void anUnknownTemplateVariableSuggestsAKnownOne() {
        List<ScenarioError> errors = Scenarios.errors("errors/unknown-template-variable.yaml");

        assertThat(errors).extracting(ScenarioError::line, ScenarioError::column, ScenarioError::path)
                .containsExactly(tuple(5, 11, "steps[0].send"), tuple(5, 11, "steps[0].send"));
        assertThat(errors).extracting(ScenarioError::message).containsExactlyInAnyOrder(
                "{{user.oder_id}} needs a data: CSV file with a column 'oder_id' (data: users.csv)",
                "unknown variable {{order_stauts}}: did you mean {{order_status}}?");
    }

    @Test
    void duplicateStepNamesAreErrorsWhetherWrittenOrDefault() {
        List<ScenarioError> errors = Scenarios.errors("errors/duplicate-step-names.yaml");

        assertThat(errors).extracting(ScenarioError::line, ScenarioError::column, ScenarioError::path)
                .containsExactly(tuple(8, 11, "steps[1].name"), tuple(10, 5, "steps[3].name"));
        assertThat(errors.get(0).message()).isEqualTo("step name 'greet' is already used by steps[0]: step names must be unique");
        assertThat(errors.get(1).message()).contains("would be named 'tool_lookup' like steps[2]", "add name:");
    }

    @Test
    void badThresholdsSayWhichUnitOrMetricIsMissing() {
        List<ScenarioError> errors = Scenarios.errors("errors/bad-threshold.yaml");

        assertThat(errors).extracting(ScenarioError::line, ScenarioError::column, ScenarioError::path).containsExactly(
                tuple(8, 16, "thresholds.p95_latency"),
                tuple(9, 17, "thresholds.success_rate"),
                tuple(10, 3, "thresholds.p95_latncy"),
                tuple(11, 8, "thresholds.rps"));
        assertThat(errors).extracting(ScenarioError::message).satisfiesExactly(
                m -> assertThat(m).isEqualTo("'2' has no unit: write e.g. 2ms or 2s"),
                m -> assertThat(m).isEqualTo("'99' is not a percentage: write e.g. 99% or 99.5%"),
                m -> assertThat(m).isEqualTo("unknown metric 'p95_latncy': did you mean 'p95_latency'?"),
                m -> assertThat(m).contains("'about 10' is not a comparison"));
    }

    @Test
    void missingRequiredKeysAreReportedWhereTheyBelong() {
        List<ScenarioError> errors = Scenarios.errors("errors/missing-required.yaml");

        assertThat(errors).extracting(ScenarioError::line, ScenarioError::column, ScenarioError::path)
                .containsExactly(tuple(1, 1, "steps"), tuple(3, 3, "target.base_url"));
        assertThat(errors.get(0).message()).startsWith("missing 'steps'");
        assertThat(errors.get(1).message()).isEqualTo("missing 'base_url': write e.g. base_url: http://127.0.0.1:8700,"
                + " or run with --target URL (or set STAMPEDE_TARGET)");
    }

    @Test
    void aMissingDataFileNamesTheResolvedPath() {
        List<ScenarioError> errors = Scenarios.errors("errors/missing-data-file.yaml");

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.column()).isEqualTo(7);
            assertThat(e.path()).isEqualTo("data");
            assertThat(e.message()).contains(Scenarios.file("errors").resolve("no-such-users.csv").toString(), "does not exist");
        });
    }

    @Test
    void aYamlSyntaxErrorIsOneErrorWithSnakeYamlsProblem() {
        List<ScenarioError> errors = Scenarios.errors("errors/syntax-error.yaml");

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(7);
            assertThat(e.column()).isEqualTo(1);
            assertThat(e.path()).isEmpty();
            assertThat(e.message()).isEqualTo("not valid YAML: found unexpected end of stream (while scanning a quoted scalar that starts at 5:11)");
        });
    }

    @Test
    void jsonInputReportsTheSameErrorsAsYaml() {
        List<ScenarioError> errors = Scenarios.errors("errors/json-unknown-key.json");

        assertThat(errors).extracting(ScenarioError::line, ScenarioError::column, ScenarioError::path)
                .containsExactly(tuple(3, 62, "target.timeout"), tuple(4, 31, "steps[0].expcet"));
        assertThat(errors.get(1).message()).endsWith("did you mean 'expect'?");
    }

    @Test
    void severalErrorsInOneFileAreAllReportedInDocumentOrder() {
        List<ScenarioError> errors = Scenarios.errors("errors/several-errors.yaml");

        assertThat(errors).extracting(ScenarioError::line, ScenarioError::column, ScenarioError::path).containsExactly(
                tuple(1, 11, "scenario"),
                tuple(3, 13, "target.base_url"),
                tuple(4, 13, "target.protocol"),
                tuple(6, 10, "load.users"),
                tuple(8, 12, "load.ramp_up"),
                tuple(13, 20, "steps[0].expect.max_latency"),
                tuple(15, 5, "steps[1].expect"),
                tuple(17, 3, "thresholds.step.wait_2.p95_latency"));
        assertThat(errors.get(2).message()).isEqualTo("'grpc' is not one of http, openai, openai-responses, anthropic, vercel-ui, sse, websocket");
    }

    @Test
    void loadThrowsOneExceptionCarryingEveryError() {
        ScenarioSource source = Scenarios.source("errors/several-errors.yaml", Map.of());

        assertThatThrownBy(() -> ScenarioLoader.load(source))
                .isInstanceOfSatisfying(InvalidScenarioException.class, e -> assertThat(e.errors()).hasSize(8))
                .hasMessageStartingWith("8 errors in scenario, first: 1:11 scenario:");
    }

    @Test
    void conflictingLoadSettingsAreErrors() {
        List<ScenarioError> errors = Scenarios.errors("errors/load-conflicts.yaml");

        assertThat(errors).extracting(ScenarioError::path).containsExactly("load.arrival_rate", "load.ramp_up");
        assertThat(errors.get(0).message()).contains("users and arrival_rate exclude each other");
        assertThat(errors.get(1).message()).isEqualTo("ramp_up (20s) is longer than duration (10s): shorten ramp_up or lengthen duration");
    }

    @Test
    void aWarmUpAsLongAsTheLoadIsRefusedWhereItIsWritten() {
        assertThat(Scenarios.errorsOfText("scenario: s\ntarget: { base_url: \"http://127.0.0.1:1\" }\n"
                + "load:\n  users: 1\n  duration: 5s\n  warmup: 5s\nsteps:\n  - request: { path: / }\n")).singleElement()
                .satisfies(e -> {
                    assertThat(e.path()).isEqualTo("load.warmup");
                    assertThat(e.line()).isEqualTo(6);
                    assertThat(e.message()).isEqualTo(
                            "warmup (5s) leaves nothing to measure in a load of 5s: shorten warmup or lengthen the load");
                });
    }

    @Test
    void anEmptyDocumentSaysHowToStart() {
        assertThat(Scenarios.errorsOfText("# nothing\n")).singleElement()
                .satisfies(e -> assertThat(e.message()).startsWith("the scenario is empty"));
    }

    @Test
    void aDocumentThatIsNotAMappingIsAnError() {
        assertThat(Scenarios.errorsOfText("- send: hi\n")).singleElement()
                .satisfies(e -> assertThat(e.toString()).isEqualTo("1:1 expected a mapping (key: value lines), got a list: write e.g. scenario: refund_flow"));
    }
}
