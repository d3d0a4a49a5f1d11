package io.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployment of the plain Kubernetes manifest whose Secret was not edited fails loudly: the
 * shipped {@code cluster-secret} placeholder, mounted as a file, stops {@code coordinator} and
 * {@code worker} before they join anything (exit 3), saying how to make a secret.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PlaceholderSecretTest {
    @TempDir
    Path dir;

    @Test
    void theManifestsPlaceholderSecretStopsACoordinatorAndAWorkerSayingHowToMakeOne() throws Exception {
        Matcher shipped = Pattern.compile("(?m)^\\s*cluster-secret:\\s*(\\S+)")
                .matcher(Files.readString(Path.of("..", "deploy", "kubernetes", "stampede.yaml")));
        assertThat(shipped.find()).isTrue();
        Path file = Files.writeString(dir.resolve("cluster-secret"), shipped.group(1));

        CommandOutput worker = CommandOutput.run("worker", "--cluster-secret-file", file.toString());
        CommandOutput coordinator = CommandOutput.run("coordinator", "--cluster-secret-file", file.toString(), "--port", "0",
                "--data-dir", dir.resolve("results").toString());

        for (CommandOutput o : new CommandOutput[] {worker, coordinator}) {
            assertThat(o.exitCode()).as(o.err()).isEqualTo(ExitCodes.NOT_CARRIED_OUT);
            assertThat(o.err()).contains("placeholder", "openssl rand -hex 32", file.toString());
        }
    }
}
