package io.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a token comes from: a file first, then the command line (with a warning), then the environment. */
class TokensTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aTokenFileIsReadStrippedAndWinsOverTheArgumentWithoutAWarning() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "  s3cret-from-a-file\n");
        assertThat(Tokens.resolve("--token", "from-the-argument", file, "STAMPEDE_NO_SUCH_VARIABLE", err))
                .isEqualTo("s3cret-from-a-file");
        assertThat(err()).isEmpty();
    }

    @Test
    void theExampleManifestsPlaceholderIsRefusedWhereverItComesFrom() throws Exception {
        // deploy/kubernetes/stampede.yaml ships "token: change-me": a coordinator deployed unedited must not start with it.
        Path file = Files.writeString(dir.resolve("placeholder"), "change-me\n");
        assertThatThrownBy(() -> Tokens.resolve("--token", null, file, "STAMPEDE_NO_SUCH_VARIABLE", err))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--token").hasMessageContaining("placeholder");
        assertThatThrownBy(() -> Tokens.resolve("--read-token", "change-me-too", null, "STAMPEDE_NO_SUCH_VARIABLE", err))
                .hasMessageContaining("--read-token");
    }

    @Test
    void anEmptyOrMissingTokenFileIsAnErrorThatNamesTheOptionAndTheFile() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), " \n");
        assertThatThrownBy(() -> Tokens.resolve("--token", null, empty, "STAMPEDE_NO_SUCH_VARIABLE", err))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--token-file " + empty + " is empty");
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> Tokens.resolve("--read-token", null, missing, "STAMPEDE_NO_SUCH_VARIABLE", err))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cannot read --read-token-file " + missing);
    }

    @Test
    void aTokenOnTheCommandLineIsAcceptedWithAWarningThatSaysWhatToUseInstead() {
        assertThat(Tokens.resolve("--token", "on-the-line", null, "STAMPEDE_TOKEN", err)).isEqualTo("on-the-line");
        assertThat(err()).isEqualTo("warning: --token on the command line can be read by every user of this machine (ps);"
                + " use --token-file FILE or $STAMPEDE_TOKEN instead" + System.lineSeparator());
    }

    @Test
    void withoutFileOrArgumentTheEnvironmentGivesTheTokenStrippedAndNothingGivesNull() {
        // A variable this JVM really has: Tokens reads the process's environment as it is.
        Map.Entry<String, String> variable = System.getenv().entrySet().stream()
                .filter(e -> !e.getValue().isBlank() && e.getKey().matches("[A-Z_]+")).findFirst().orElseThrow();
        assertThat(Tokens.resolve("--token", null, null, variable.getKey(), err)).isEqualTo(variable.getValue().strip());
        assertThat(Tokens.resolve("--token", "", null, "STAMPEDE_NO_SUCH_VARIABLE_" + ProcessHandle.current().pid(), err))
                .isNull();
        assertThat(err()).isEmpty();
    }
}
