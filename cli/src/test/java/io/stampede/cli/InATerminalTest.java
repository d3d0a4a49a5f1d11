package io.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.stampede.results.ResultsJson;

/**
 * {@code stampede run} in a real terminal (tmux), as a person uses it: Ctrl-C, a second Ctrl-C,
 * colours and NO_COLOR, and {@code --ui} serving the dashboard after the run until Enter.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class InATerminalTest {
    private static final Pattern RESULTS = Pattern.compile("results: (\\S+)");

    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Path scenario(String resource) throws Exception {
        Path file = dir.resolve(Path.of(resource).getFileName());
        Files.copy(Path.of("src/test/resources", resource), file);
        return file;
    }

    private Map<String, String> agentAt(int port) {
        return Map.of("AGENT_URL", "http://127.0.0.1:" + port);
    }

    /** The lines of the screen that are not blank. */
    private static List<String> lines(String screen) {
        return screen.lines().map(String::stripTrailing).filter(l -> !l.isEmpty()).toList();
    }

    /** A minute-long run in a terminal, once its three users are running. */
    private TmuxTerminal longRunGoing() throws Exception {
        Path file = scenario("terminal/long.yaml");
        TmuxTerminal terminal = TmuxTerminal.stampede(dir, agentAt(freePort()), "run", file.toString(), "--out", "results");
        try {
            terminal.awaitText("users 3/3", Duration.ofSeconds(40));
            return terminal;
        } catch (Exception | AssertionError e) {
            terminal.close();
            throw e;
        }
    }

    @Test
    void ctrlCPrintsThePartialSummaryWhereTheResultsAreAndExits130() throws Exception {
        try (TmuxTerminal terminal = longRunGoing()) {
            terminal.type("C-c");

            assertThat(terminal.awaitExit(Duration.ofSeconds(30))).isEqualTo(130);
            String screen = terminal.screen(false);
            List<String> lines = lines(screen);
            assertThat(screen).contains("(Ctrl-C again to quit at once)", "aborted in", "thresholds on the partial results (not judged):",
                    "PASS  success_rate");
            assertThat(lines.get(lines.size() - 2)).isEqualTo("✗ aborted (Ctrl-C): partial results, not judged → exit 130");
            assertThat(terminal.screen(true)).as("red on a terminal").contains("\u001b[31m✗ aborted (Ctrl-C)");
            Matcher results = RESULTS.matcher(screen);
            assertThat(results.find()).as(screen).isTrue();
            Path folder = dir.resolve(results.group(1));
            JsonNode summary = ResultsJson.MAPPER.readTree(folder.resolve("summary.json").toFile());
            assertThat(summary.path("status").asText()).isEqualTo("aborted");
            assertThat(summary.path("verdict").path("outcome").asText()).isEqualTo("aborted");
            assertThat(summary.path("requests").path("count").asLong()).isPositive();
            assertThat(folder.resolve("report.html")).exists();
        }
    }

    @Test
    void aSecondCtrlCQuitsAtOnce() throws Exception {
        try (TmuxTerminal terminal = longRunGoing()) {
            terminal.type("C-c");
            terminal.awaitText("Ctrl-C again to quit at once", Duration.ofSeconds(5));
            terminal.type("C-c");

            assertThat(terminal.awaitExit(Duration.ofSeconds(5))).isEqualTo(130);
            String screen = terminal.screen(false);
            assertThat(screen).contains("quit").doesNotContain("thresholds on the partial results");
        }
    }

    @Test
    void theVerdictIsGreenOnATerminalAndPlainWithNoColor() throws Exception {
        Path file = scenario("cli/passing.yaml");
        Files.writeString(file, Files.readString(file).replace("${AGENT_URL}", "http://127.0.0.1:" + freePort()));

        try (TmuxTerminal coloured = TmuxTerminal.stampede(dir, Map.of(), "run", file.toString(), "--out", "results")) {
            assertThat(coloured.awaitExit(Duration.ofSeconds(40))).isZero();
            assertThat(coloured.screen(true)).contains("\u001b[32m✓ the threshold holds → exit 0", "\u001b[32mPASS");
        }
        Files.writeString(file, Files.readString(file).replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:" + freePort()));
        try (TmuxTerminal plain = TmuxTerminal.stampede(dir, Map.of("NO_COLOR", "1"), "run", file.toString(), "--out", "results")) {
            assertThat(plain.awaitExit(Duration.ofSeconds(40))).isZero();
            String screen = plain.screen(true);
            assertThat(screen).contains("✓ the threshold holds → exit 0").doesNotContain("\u001b[32m", "\u001b[31m");
        }
    }

    @Test
    void withUiTheDashboardStaysAfterTheRunUntilEnter() throws Exception {
        Path file = scenario("cli/passing.yaml");
        Files.writeString(file, Files.readString(file).replace("${AGENT_URL}", "http://127.0.0.1:" + freePort()));
        int port = freePort();
        HttpClient http = HttpClient.newHttpClient();

        try (TmuxTerminal terminal = TmuxTerminal.stampede(dir, Map.of(), "run", file.toString(), "--out", "results", "--ui",
                "--ui-port", String.valueOf(port))) {
            terminal.awaitText("still served: press Enter or Ctrl-C to stop it", Duration.ofSeconds(40));
            String screen = terminal.screen(false);
            Matcher page = Pattern.compile("dashboard: (http://127\\.0\\.0\\.1:" + port + "/#/runs/(\\S+))").matcher(screen);
            assertThat(page.find()).as(screen).isTrue();
            List<String> lines = lines(screen);
            assertThat(lines.get(lines.size() - 1)).isEqualTo("✓ the threshold holds → exit 0");

            HttpResponse<String> run = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/runs/"
                    + page.group(2))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(run.statusCode()).isEqualTo(200);
            assertThat(run.body()).contains("\"status\":\"done\"");
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).contains("<title>Stampede</title>");

            terminal.type("Enter");
            assertThat(terminal.awaitExit(Duration.ofSeconds(15))).isZero();
            Waits.until("the dashboard to be gone", Duration.ofSeconds(5), () -> {
                try {
                    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                            HttpResponse.BodyHandlers.discarding());
                    return false;
                } catch (ConnectException gone) {
                    return true;
                }
            }, () -> "it still answers");
        }
    }
}
