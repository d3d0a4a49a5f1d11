package io.stampede.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterSecretTest {
    /** The plain Kubernetes manifest, from the module's directory. */
    private static final Path MANIFEST = Path.of("..", "deploy", "kubernetes", "stampede.yaml");

    @TempDir
    Path dir;

    @Test
    void thePlaceholderOfThePlainKubernetesManifestIsRefusedSayingHowToMakeASecret() throws IOException {
        Matcher placeholder = Pattern.compile("(?m)^\\s*cluster-secret:\\s*(\\S+)").matcher(Files.readString(MANIFEST));
        assertThat(placeholder.find()).as("the manifest's cluster-secret").isTrue();
        String shipped = placeholder.group(1);
        assertThat(shipped.length()).as("long enough to pass the length check alone").isGreaterThanOrEqualTo(ClusterSecret.MIN_LENGTH);
        Path file = dir.resolve("cluster-secret");
        Files.writeString(file, shipped + "\n");

        for (Runnable load : new Runnable[] {() -> ClusterSecret.fromFile(file), () -> ClusterSecret.resolve(null, shipped),
                () -> ClusterSecret.of("  CHANGE-ME-please-0123456789abcdef ", "in a test")}) {
            assertThatThrownBy(load::run).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("placeholder").hasMessageContaining("openssl rand -hex 32");
        }
        assertThatThrownBy(() -> ClusterSecret.fromFile(file)).hasMessageContaining("in " + file);
        assertThatThrownBy(() -> ClusterSecret.resolve(null, shipped)).hasMessageContaining("$" + ClusterSecret.ENV);
    }

    @Test
    void aSecretOfYourOwnIsTakenAndAShortOneIsRefused() {
        assertThat(ClusterSecret.of("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\n", "in a test")).isNotNull();
        assertThat(ClusterSecret.of("not-change-me-at-the-start-0123", "in a test")).as("only a value that starts so").isNotNull();
        assertThatThrownBy(() -> ClusterSecret.of("short", "in a test")).hasMessageContaining("has 5 characters")
                .hasMessageContaining("openssl rand -hex 32");
    }
}
