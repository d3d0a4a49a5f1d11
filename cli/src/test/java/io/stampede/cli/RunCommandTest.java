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

import io.stampede.demo.DemoAgent;
import io.stampede.demo.DemoAgentOptions;
import io.stampede.results.Verdict;
import io.vertx.core.Vertx;

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

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("PASS  success_rate is 100%").doesNotContain("\u001b[");
        assertThat(lastLine(printed)).isEqualTo("✓ the threshold holds → exit 0");
        try (var runs = Files.list(dir.resolve("results"))) {
            Path folder = runs.filter(Files::isDirectory).findFirst().orElseThrow();
            assertThat(folder.resolve("summary.json")).exists();
            assertThat(folder.resolve("stats.csv")).exists();
        }
    }

    @Test
    void aFailedThresholdExitsOneAndTheLastLineSaysWhichAndWhy() throws Exception {
        Path junit = dir.resolve("reports/junit.xml");

        assertThat(run("failing-threshold.yaml", freeAgentUrl(), "--quiet", "--junit", junit.toString()))
                .isEqualTo(ExitCodes.THRESHOLD_FAILED);

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("FAIL  success_rate is 0%").contains("intent refund, expected billing");
        assertThat(lastLine(printed)).isEqualTo("✗ 1 of 1 threshold failed (success_rate 0% < 99%) → exit 1");
        assertThat(printed).contains("junit: " + junit);
    }

    @Test
    void theJUnitReportHasOneTestCasePerThresholdAndPerCheck() throws Exception {
        Path junit = dir.resolve("junit.xml");
        run("failing-threshold.yaml", freeAgentUrl(), "--quiet", "--junit", junit.toString());

        org.w3c.dom.Document xml = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        org.w3c.dom.Element suite = (org.w3c.dom.Element) xml.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("name")).isEqualTo("cli_failing_threshold");
        assertThat(suite.getAttribute("tests")).isEqualTo("3");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        org.w3c.dom.NodeList cases = xml.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(3);
        assertThat(((org.w3c.dom.Element) cases.item(0)).getAttribute("name")).isEqualTo("run completed");
        org.w3c.dom.Element threshold = (org.w3c.dom.Element) cases.item(1);
        assertThat(threshold.getAttribute("classname")).isEqualTo("stampede.cli_failing_threshold.thresholds");
        assertThat(threshold.getAttribute("name")).isEqualTo("success_rate >= 99%");
        assertThat(((org.w3c.dom.Element) threshold.getElementsByTagName("failure").item(0)).getAttribute("message"))
                .isEqualTo("success_rate 0% < 99%");
        org.w3c.dom.Element check = (org.w3c.dom.Element) cases.item(2);
        assertThat(check.getAttribute("name")).isEqualTo("turn_1: expect.intent");
        assertThat(((org.w3c.dom.Element) check.getElementsByTagName("failure").item(0)).getAttribute("message"))
                .isEqualTo("6 of 6 failed (0.00% passed)");
    }

    @Test
    void aScenarioWithoutATargetRunsAgainstTheTargetGivenOnTheCommandLine() throws Exception {
        Path sketch = dir.resolve("sketch.yaml");
        Files.copy(Path.of("src/test/resources/cli/first-sketch.yaml"), sketch);
        Vertx vertx = Vertx.vertx();
        try {
            DemoAgent demo = Await.result(DemoAgent.start(vertx, new DemoAgentOptions().setHost("127.0.0.1").setPort(0)
                    .setLatencyScale(0.1)), java.time.Duration.ofSeconds(30));
            String agent = "http://127.0.0.1:" + demo.port();
            int code = Main.execute("run", sketch.toString(), "--target", agent, "--out", dir.resolve("results").toString(), "--quiet");

            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(code).as(printed + err).isEqualTo(ExitCodes.OK);
            assertThat(printed).contains("users 3 started of 3", "conversations 3: 3 ok");
            assertThat(lastLine(printed)).isEqualTo("○ finished; no thresholds to judge it by → exit 0");
        } finally {
            Await.result(vertx.close(), java.time.Duration.ofSeconds(10));
        }
    }

    @Test
    void withoutATargetTheErrorSaysHowToGiveOne() throws Exception {
        Path sketch = dir.resolve("sketch.yaml");
        Files.copy(Path.of("src/test/resources/cli/first-sketch.yaml"), sketch);

        assertThat(Main.execute("validate", sketch.toString())).isEqualTo(ExitCodes.INVALID);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing 'target'", "--target URL");
        assertThat(Main.execute("validate", sketch.toString(), "--target", "http://127.0.0.1:8700")).isEqualTo(ExitCodes.OK);
    }

    @Test
    void colourIsForTerminalsAndNeverWithNoColor() {
        Verdict failed = Verdict.judge("done", null, java.util.List.of(new Verdict.Criterion("threshold", "x < 1", false, "x 2 >= 1")));

        assertThat(Terminal.of(true, null).verdict(failed, 1)).isEqualTo("\u001b[31m✗ 1 of 1 threshold failed (x 2 >= 1) → exit 1\u001b[0m");
        assertThat(Terminal.of(true, "1").verdict(failed, 1)).isEqualTo("✗ 1 of 1 threshold failed (x 2 >= 1) → exit 1");
        assertThat(Terminal.of(true, "").colour()).as("an empty NO_COLOR does not count (no-color.org)").isTrue();
        assertThat(Terminal.of(false, null).colour()).isFalse();
    }

    private static String lastLine(String printed) {
        String[] lines = printed.strip().split("\n");
        return lines[lines.length - 1];
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
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("2 errors");
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
