package io.stampede.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {
    private static final Map<String, String> ENV = Map.of(
            "AGENT_TOKEN", "sk-test-123456",
            "TENANT", "acme",
            "ITERATIONS", "3",
            "EMPTY", "",
            "UNRELATED", "never-used");

    @Test
    void variablesAndDefaultsAreSubstitutedInValues() throws Exception {
        Scenario s = Scenarios.load("valid/env.yaml", ENV);

        assertThat(s.target().baseUrl()).isEqualTo("http://127.0.0.1:8700");
        assertThat(s.target().model()).isEqualTo("demo-gpt");
        assertThat(s.target().headers().get("Authorization").source()).isEqualTo("Bearer sk-test-123456");
        assertThat(s.target().headers().get("X-Tenant").source()).isEqualTo("acme");
    }

    @Test
    void aSubstitutedPlainValueIsTypedAfterSubstitution() throws Exception {
        Scenario s = Scenarios.load("valid/env.yaml", ENV);

        assertThat(s.load().users()).isEqualTo(5);
        assertThat(s.load().iterations()).isEqualTo(3);
    }

    @Test
    void anEmptyVariableTakesItsDefaultAsInAShell() throws Exception {
        assertThat(Scenarios.load("valid/env.yaml", ENV).userProfile()).containsEntry("empty_with_default", "fallback");
    }

    @Test
    void keysAreNeverSubstituted() throws Exception {
        assertThat(Scenarios.load("valid/env.yaml", ENV).userProfile()).containsEntry("${NOT_A_KEY}", "kept as written");
    }

    @Test
    void doubleDollarEscapesToALiteralReference() throws Exception {
        SendStep send = (SendStep) Scenarios.load("valid/env.yaml", ENV).steps().get(0);

        assertThat(send.message().source()).isEqualTo("costs ${PRICE} in eu on {{model}}");
    }

    @Test
    void usedEnvironmentVariablesAreRecordedButNotUnusedOnesOrDefaults() throws Exception {
        Scenario s = Scenarios.load("valid/env.yaml", ENV);

        assertThat(s.variables()).containsExactly(
                Map.entry("AGENT_TOKEN", "sk-test-123456"), Map.entry("TENANT", "acme"), Map.entry("ITERATIONS", "3"));
    }

    @Test
    void environmentValuesAndCredentialHeadersBecomeSecrets() throws Exception {
        Scenario s = Scenarios.load("valid/env.yaml", ENV);

        assertThat(s.secrets().values()).containsExactlyInAnyOrder("sk-test-123456", "acme", "Bearer sk-test-123456");
        assertThat(s.secrets().values()).doesNotContain("3");
        assertThat(s.secrets().values().get(0)).isEqualTo("Bearer sk-test-123456");
    }

    @Test
    void aWorkerGivenTheRecordedVariablesLoadsTheSameValues() throws Exception {
        Scenario first = Scenarios.load("valid/env.yaml", ENV);

        Scenario again = ScenarioLoader.load(new ScenarioSource(first.source(), "wire", null, first.variables(), null));

        assertThat(again.target().headers()).isEqualTo(first.target().headers());
        assertThat(again.load()).isEqualTo(first.load());
    }

    @Test
    void aMalformedReferenceIsAnError() {
        assertThat(Scenarios.errorsOfText("scenario: x\ntarget: {base_url: \"${URL\"}\nsteps: [{send: \"${1X}\"}]\n"))
                .extracting(ScenarioError::toString).containsExactly(
                        "2:20 target.base_url: '${' is never closed: write ${NAME} or ${NAME:-default}, or $${ for a literal ${",
                        "3:16 steps[0].send: '${1X}' does not name an environment variable: write ${NAME} or ${NAME:-default}"
                                + " (letters, digits and _), or $${ for a literal ${");
    }
}
