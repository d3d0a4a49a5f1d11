package io.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stampede run} and {@code validate} as CI uses them: exit codes 0/1/2/3 and what they
 * print. The scenarios read the agent's address from AGENT_URL, which the test points at a
 * free port so the embedded demo agent starts there.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RunCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void capture() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        System.clearProperty("stampede.test.env.AGENT_URL");
    }

    private int run(String file, String agentUrl, String... more) throws Exception {
        Path scenario = dir.resolve(file);
        Files.writeString(scenario, Files.readString(Path.of("src/test/resources/cli", file)).replace("${AGENT_URL}", agentUrl));
        String[] args = new String[4 + more.length];
        args[0] = "run";
        args[1] = scenario.toString();
        args[2] = "--out";
        args[3] = dir.resolve("results").toString();
        System.arraycopy(more, 0, args, 4, more.length);
        return Main.execute(args);
    }

    private static String freeAgentUrl() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }

    @Test
    void aRunWhoseThresholdsHoldExitsZeroAndWritesItsResults() throws Exception {
        assertThat(run("passing.yaml", freeAgentUrl(), "--quiet")).isEqualTo(ExitCodes.OK);

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("PASS  success_rate is 100%");
        try (var runs = Files.list(dir.resolve("results"))) {
            Path folder = runs.filter(Files::isDirectory).findFirst().orElseThrow();
            assertThat(folder.resolve("summary.json")).exists();
            assertThat(folder.resolve("stats.csv")).exists();
        }
    }

    @Test
    void aFailedThresholdExitsOne() throws Exception {
        assertThat(run("failing-threshold.yaml", freeAgentUrl(), "--quiet")).isEqualTo(ExitCodes.THRESHOLD_FAILED);

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("FAIL  success_rate is 0%").contains("intent refund, expected billing");
    }

    @Test
    void anInvalidScenarioExitsTwoWithEveryErrorAtItsLineAndColumnAndStartsNothing() throws Exception {
        assertThat(run("invalid.yaml", "http://127.0.0.1:1")).isEqualTo(ExitCodes.INVALID);

        String errors = err.toString(StandardCharsets.UTF_8);
        assertThat(errors).contains("invalid.yaml:5:10").contains("load.users");
        assertThat(errors).contains("invalid.yaml:8:15").contains("did you mean 'intent'");
        assertThat(dir.resolve("results")).doesNotExist();
    }

    @Test
    void validateExitsZeroForAGoodScenarioAndTwoForABadOne() throws Exception {
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, Files.readString(Path.of("src/test/resources/cli/passing.yaml"))
                .replace("${AGENT_URL}", "http://127.0.0.1:8700"));
        Path bad = dir.resolve("bad.yaml");
        Files.copy(Path.of("src/test/resources/cli/invalid.yaml"), bad);

        assertThat(Main.execute("validate", good.toString())).isEqualTo(ExitCodes.OK);
        assertThat(Main.execute("validate", bad.toString())).isEqualTo(ExitCodes.INVALID);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("3 errors");
    }

    @Test
    void aRunThatCannotStartExitsThree() throws Exception {
        // Something that is not the demo agent holds the agent's port: the embedded agent cannot start.
        try (ServerSocket squatter = new ServerSocket(0)) {
            int code = run("unstartable.yaml", "http://127.0.0.1:" + squatter.getLocalPort(), "--quiet");

            assertThat(code).isEqualTo(ExitCodes.NOT_CARRIED_OUT);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("failed").contains("demo agent");
        }
    }

    @Test
    void theQuickstartRunsAsShipped() throws Exception {
        Path quickstart = Path.of("../scenarios/quickstart.yaml");
        System.setProperty("stampede.test", "1");

        int code = Main.execute("run", quickstart.toString(), "--duration", "4s", "--out", dir.resolve("qs").toString(), "--quiet");

        assertThat(code).as(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8)).isEqualTo(ExitCodes.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("quickstart_refund").contains("success 100.00%");
    }
}
