package io.stampede.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.stampede.template.Variables;

/**
 * The conventions users bring with them: base URLs that end in /v1, the AI SDKs' environment
 * variables, ${VAR} wherever a value goes, and the scenario as a new user first writes it.
 */
class UserConventionsTest {
    private static final Variables NO_VARIABLES = name -> null;
    private static final String SEND = "steps:\n  - send: hello\n";

    private static Scenario load(String text, Map<String, String> env) throws InvalidScenarioException {
        return ScenarioLoader.load(new ScenarioSource(text, "test.yaml", null, env, null));
    }

    private static List<ScenarioError> errors(String text, Map<String, String> env) {
        return ScenarioLoader.validate(new ScenarioSource(text, "test.yaml", null, env, null));
    }

    private static String header(Scenario s, String name) {
        return s.target().headers().get(name).render(NO_VARIABLES);
    }

    @Test
    void aBaseUrlEndingInV1IsNotGivenASecondOne() throws Exception {
        String openai = "scenario: s\ntarget: { base_url: \"%s\", protocol: %s, model: m }\n" + SEND;

        assertThat(load(openai.formatted("https://api.example.com/v1", "openai"), Map.of()).target().http().path())
                .isEqualTo("/chat/completions");
        assertThat(load(openai.formatted("http://127.0.0.1:4000/v1/", "openai-responses"), Map.of()).target().http().path())
                .isEqualTo("/responses");
        assertThat(load(openai.formatted("https://api.example.com/v1", "anthropic"), Map.of()).target().http().path())
                .isEqualTo("/messages");
        assertThat(load(openai.formatted("http://127.0.0.1:8700", "openai"), Map.of()).target().http().path())
                .isEqualTo("/v1/chat/completions");
        assertThat(load(openai.formatted("http://127.0.0.1:8700/proxy", "openai"), Map.of()).target().http().path())
                .isEqualTo("/v1/chat/completions");
    }

    @Test
    void theOpenAiEnvironmentVariablesAreDefaultsWhereTheScenarioSaysNothing() throws Exception {
        Map<String, String> env = Map.of("OPENAI_BASE_URL", "https://api.example.com/v1", "OPENAI_API_KEY", "sk-test-1234567");
        Scenario s = load("scenario: s\ntarget: { protocol: openai, model: gpt-4o-mini }\n" + SEND, env);

        assertThat(s.target().baseUrl()).isEqualTo("https://api.example.com/v1");
        assertThat(s.target().http().path()).isEqualTo("/chat/completions");
        assertThat(header(s, "Authorization")).isEqualTo("Bearer sk-test-1234567");
        assertThat(s.variables()).containsEntry("OPENAI_API_KEY", "sk-test-1234567");
        assertThat(s.secrets().mask("key sk-test-1234567")).isEqualTo("key ***");
    }

    @Test
    void whatTheScenarioWritesWinsOverTheEnvironment() throws Exception {
        Map<String, String> env = Map.of("OPENAI_BASE_URL", "https://elsewhere.example.com/v1", "OPENAI_API_KEY", "sk-test-1234567");
        Scenario s = load("scenario: s\ntarget: { base_url: \"http://127.0.0.1:8700\", protocol: openai, model: m,"
                + " headers: { authorization: \"Bearer mine\" } }\n" + SEND, env);

        assertThat(s.target().baseUrl()).isEqualTo("http://127.0.0.1:8700");
        assertThat(s.target().headers()).containsOnlyKeys("authorization");
        assertThat(s.variables()).isEmpty();
    }

    @Test
    void theAnthropicKeyIsSentAsTheSdkSendsIt() throws Exception {
        Scenario s = load("scenario: s\ntarget: { base_url: \"http://127.0.0.1:8700\", protocol: anthropic, model: m }\n" + SEND,
                Map.of("ANTHROPIC_API_KEY", "sk-ant-12345678", "OPENAI_API_KEY", "sk-not-this-one"));

        assertThat(header(s, "x-api-key")).isEqualTo("sk-ant-12345678");
        assertThat(s.target().headers()).doesNotContainKey("Authorization");
    }

    @Test
    void anHttpTargetNeverGetsAnApiKey() throws Exception {
        Scenario s = load("scenario: s\ntarget: { base_url: \"http://127.0.0.1:8700\" }\n" + SEND,
                Map.of("OPENAI_API_KEY", "sk-test-1234567"));

        assertThat(s.target().headers()).isEmpty();
    }

    @Test
    void variablesWorkUnquotedInsideFlowMappings() throws Exception {
        Scenario s = Scenarios.load("valid/flow-env.yaml", Map.of("STREAM", "false", "USERS", "7"));

        assertThat(s.target().streaming()).isFalse();
        assertThat(s.load().users()).isEqualTo(7);
        assertThat(s.load().duration()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.target().http().body().render(NO_VARIABLES)).isEqualTo(Map.of("temperature", 0L));
        assertThat(Scenarios.load("valid/flow-env.yaml", Map.of()).target().streaming()).isTrue();
    }

    @Test
    void anUnsetVariableInAFlowMappingIsReportedAtItsPlace() {
        List<ScenarioError> errors = errors("scenario: s\ntarget: { base_url: ${NOT_SET_ANYWHERE} }\n" + SEND, Map.of());

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.column()).isEqualTo(21);
            assertThat(e.message()).contains("NOT_SET_ANYWHERE is not set");
        });
    }

    @Test
    void theFirstSketchRunsAsWrittenWithATargetGivenOutside() throws Exception {
        Scenario s = Scenarios.load("valid/first-sketch.yaml", Map.of("STAMPEDE_TARGET", "http://127.0.0.1:8700"));

        assertThat(s.target().baseUrl()).isEqualTo("http://127.0.0.1:8700");
        assertThat(s.target().protocol()).isEqualTo(Protocol.HTTP);
        assertThat(s.load().users()).isEqualTo(20);
        assertThat(s.load().rampUp()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.load().iterations()).as("users without a duration run the conversation once").isEqualTo(1);
        assertThat(s.steps()).extracting(Step::name).containsExactly("turn_1", "assert_2", "turn_2", "assert_4");
    }

    @Test
    void withoutAnyTargetTheErrorSaysWhereOneCanComeFrom() {
        List<ScenarioError> errors = errors(Scenarios.text("valid/first-sketch.yaml"), Map.of());

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("target");
            assertThat(e.message()).contains("missing 'target'", "--target URL", "STAMPEDE_TARGET");
        });
    }

    @Test
    void aBadTargetFromTheEnvironmentNamesTheVariable() {
        List<ScenarioError> errors = errors("scenario: s\n" + SEND, Map.of("STAMPEDE_TARGET", "127.0.0.1:8700"));

        assertThat(errors).singleElement().satisfies(e -> assertThat(e.message()).startsWith("STAMPEDE_TARGET '127.0.0.1:8700'"));
    }

    @Test
    void theLoadIsWrittenAtTheTopLevelOrUnderLoadNotBoth() {
        List<ScenarioError> errors = errors("scenario: s\ntarget: { base_url: \"http://127.0.0.1:1\" }\nusers: 5\n"
                + "load: { duration: 10s }\n" + SEND, Map.of());

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.message()).contains("'users' is a key of load", "move it under load:");
        });
    }

    @Test
    void aTopLevelLoadKeyIsCheckedLikeOneUnderLoad() {
        assertThatThrownBy(() -> load("scenario: s\ntarget: { base_url: \"http://127.0.0.1:1\" }\nusers: many\n" + SEND, Map.of()))
                .isInstanceOf(InvalidScenarioException.class)
                .hasMessageContaining("3:8 users: expected a whole number");
    }
}
