package io.stampede.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RedactorTest {
    private static final Map<String, String> ENV = Map.of(
            "AGENT_TOKEN", "sk-env-999999",
            "AGENT_URL", "http://10.1.2.3:8700");

    @Test
    void credentialHeadersAreMaskedButReferencesStayAsWritten() throws Exception {
        String redacted = Redactor.redact(Scenarios.load("valid/redact.yaml", ENV));

        assertThat(redacted)
                .contains("Authorization: \"Bearer ${AGENT_TOKEN}\"")
                .contains("Cookie: \"***\"")
                .contains("X-Api-Key: \"***\"\n        Accept: application/json")
                .contains("base_url: ${AGENT_URL:-http://127.0.0.1:8700}")
                .contains("X-Trace: visible-trace-id")
                .doesNotContain("literal-cookie-value", "literal-api-key-123");
    }

    @Test
    void everyLiteralOccurrenceOfAnEnvironmentSecretIsMasked() throws Exception {
        String redacted = Redactor.redact(Scenarios.load("valid/redact.yaml", ENV));

        assertThat(redacted).contains("send: \"my token is ***, do not log it\"").doesNotContain("sk-env-999999");
    }

    @Test
    void aDefaultWrittenInACredentialHeaderIsMasked() throws Exception {
        String redacted = Redactor.redact(Scenarios.load("valid/design-example.yaml"));

        assertThat(redacted).contains("headers: { Authorization: \"Bearer ${AGENT_TOKEN:-***}\" }").doesNotContain("none\"");
    }

    @Test
    void theRedactedTextIsStillAValidScenario() throws Exception {
        String redacted = Redactor.redact(Scenarios.load("valid/redact.yaml", ENV));

        assertThat(ScenarioLoader.validate(new ScenarioSource(redacted, "redacted", null, ENV, null))).isEmpty();
    }

    @Test
    void jsonScenariosAreRedactedInPlace() throws Exception {
        String redacted = Redactor.redact(Scenarios.load("valid/design-example.json"));

        assertThat(redacted).contains("{\"Authorization\": \"Bearer ${AGENT_TOKEN:-***}\"}");
    }

    @Test
    void maskSecretsWorksOnAnyTextSuchAsLogLines() {
        assertThat(Redactor.maskSecrets("called with sk-1234 and sk-12345678", io.stampede.secret.Secrets.of(List.of("sk-1234", "sk-12345678"))))
                .isEqualTo("called with *** and ***");
    }

    @Test
    void aLiteralCredentialBecomesThreeStarsAndASchemeWithAReferenceIsKept() {
        assertThat(Redactor.maskedValue("sk-literal")).isEqualTo("***");
        assertThat(Redactor.maskedValue("Bearer ${T}")).isEqualTo("Bearer ${T}");
        assertThat(Redactor.maskedValue("sk-${T:-x}-suffix")).isEqualTo("***${T:-***}***");
    }
}
