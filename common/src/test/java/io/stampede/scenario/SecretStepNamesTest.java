package io.stampede.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SecretStepNamesTest {
    private static final Map<String, String> ENV = Map.of("API_KEY", "key-from-env-31337");

    @Test
    void aDefaultStepNameMadeFromAPathWithASecretShowsTheMaskNotTheSecret() throws Exception {
        Scenario s = Scenarios.load("valid/secret-names.yaml", ENV);

        assertThat(s.steps()).extracting(Step::name)
                .containsExactly("GET /search?q=refund&api_key=***", "GET /orders?signature=***&page=2", "ask with ***");
    }

    @Test
    void literalCredentialQueryParametersAreSecretsOfTheRun() throws Exception {
        Scenario s = Scenarios.load("valid/secret-names.yaml", ENV);

        assertThat(s.secrets().values()).contains("key-from-env-31337", "literal-sig-777", "literal-base-auth");
        assertThat(Redactor.redact(s)).doesNotContain("literal-sig-777", "literal-base-auth");
    }
}
