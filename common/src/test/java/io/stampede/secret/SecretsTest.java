package io.stampede.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.stampede.json.Json;

class SecretsTest {
    private static final String SECRET = "sk-live/\"q p\"+42";
    private static final Secrets SECRETS = Secrets.of(List.of(SECRET, "abc"));

    @Test
    void aSecretIsMaskedAsItIsAndAsATargetSendsItBack() {
        String url = URLEncoder.encode(SECRET, StandardCharsets.UTF_8);
        String json = Json.text(java.util.Map.of("echo", SECRET));
        String base64 = Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));

        assertThat(SECRETS.mask("raw " + SECRET + " end")).isEqualTo("raw *** end");
        assertThat(SECRETS.mask("GET /x?key=" + url)).isEqualTo("GET /x?key=***");
        assertThat(SECRETS.mask("GET /x?key=" + url.replace("+", "%20"))).isEqualTo("GET /x?key=***");
        assertThat(SECRETS.mask(json)).doesNotContain("sk-live").contains("***");
        assertThat(SECRETS.mask("Basic " + base64)).doesNotContain(base64.substring(0, 12));
    }

    @Test
    void aSecretInsideALongerBase64TextIsMaskedWhateverItsAlignment() {
        for (String before : List.of("", "u", "us", "user:")) {
            String encoded = Base64.getEncoder().encodeToString((before + SECRET + ":tail").getBytes(StandardCharsets.UTF_8));
            String masked = SECRETS.mask(encoded);

            assertThat(masked).as("aligned after %s", before).contains("***");
            assertThat(Secrets.of(List.of(SECRET)).occursIn(masked)).isFalse();
        }
    }

    @Test
    void shortValuesAreNotSecretsAndTextWithoutSecretsIsReturnedAsItIs() {
        String text = "abc is fine, nothing to hide";

        assertThat(SECRETS.mask(text)).isSameAs(text);
        assertThat(Secrets.NONE.mask(text)).isSameAs(text);
        assertThat(Secrets.of(List.of("abc")).isEmpty()).isTrue();
        assertThat(SECRETS.toString()).doesNotContain(SECRET);
    }

    @Test
    void aLongerSecretIsMaskedWholeBeforeAShorterOneInsideIt() {
        Secrets secrets = Secrets.of(List.of("sk-1234", "sk-12345678"));

        assertThat(secrets.mask("called with sk-1234 and sk-12345678")).isEqualTo("called with *** and ***");
    }

    @Test
    void anExcerptCutInsideASecretShowsNoneOfIt() {
        assertThat(SECRETS.mask("\"reply was: sk-live/\"q…\"")).isEqualTo("\"reply was: ***…\"");
        assertThat(SECRETS.mask("ends with sk…")).isEqualTo("ends with sk…");
    }
}
