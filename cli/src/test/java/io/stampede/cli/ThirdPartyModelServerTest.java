package io.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.stampede.results.Summary;

/**
 * The simulated user and the judge against a model server Stampede did not write: mock-llm
 * ({@code @dwmkerr/mock-llm} from npm), an OpenAI-compatible server, started on loopback by
 * {@code src/test/node/serve.js} with the rules of {@code src/test/node/mock-llm.yaml} (a first
 * message, then the stop text, for the user; a JSON score, or words without one, for the judge).
 * The figures Stampede reports are checked against what that server answered and logged; a
 * recorded run is replayed with mock-llm as the judge of each reply.
 *
 * <p>Needs node and the package that {@code .ci/run} installs ({@code npm ci --prefix
 * cli/src/test/node}); nothing is downloaded at test time. Without them the test is skipped,
 * saying so, except under CI ({@code CI} or {@code STAMPEDE_CI} set, as {@code .ci/run} does),
 * where it fails.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ThirdPartyModelServerTest {
    private static final Path NODE_DIR = Path.of("src/test/node");
    private static final int CONVERSATIONS = 3 * 2;
    private static final int SEED = 5;
    private static final Pattern SEEDED = Pattern.compile("我想了解退款流程（seed (\\d+)）");
    private static final List<String> served = new CopyOnWriteArrayList<>();
    private static Process server;
    private static String mockLlm;

    @BeforeAll
    static void startMockLlm() throws Exception {
        if (!nodePresent()) {
            return; // each test says why it cannot run
        }
        server = new ProcessBuilder("node", "serve.js", "mock-llm.yaml").directory(NODE_DIR.toFile())
                .redirectErrorStream(true).start();
        mockLlm = "http://127.0.0.1:" + port(server, served) + "/v1";
    }

    @AfterAll
    static void stopMockLlm() throws Exception {
        if (server != null) {
            server.getOutputStream().close(); // serve.js ends when its stdin closes
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    @BeforeEach
    void needsMockLlm() {
        requireNode();
        served.clear();
    }

    @Test
    void mockLlmPlaysTheSimulatedUserAndTheJudgeAndItsAnswersAreCountedApart(@TempDir Path out) throws Exception {
        Path scenario = out.resolve("third-party.yaml");
        Files.writeString(scenario, scenario(mockLlm));

        assertThat(Main.execute("run", scenario.toString(), "--record", "--out", out.resolve("results").toString(), "--quiet"))
                .isEqualTo(ExitCodes.OK);

        Path run = Workloads.runFolder(out.resolve("results"));
        Summary summary = Workloads.summary(run);
        assertThat(summary.conversations().succeeded()).isEqualTo(CONVERSATIONS);
        // mock-llm writes the first message, then the stop text: one agent turn and two simulator calls each.
        assertThat(Workloads.step(summary, "chat").count()).isEqualTo(CONVERSATIONS);
        Summary.Helper simulator = summary.simulator();
        assertThat(simulator.model()).isEqualTo("mock-user");
        assertThat(simulator.calls()).isEqualTo(2L * CONVERSATIONS);
        assertThat(simulator.errors()).isZero();
        assertThat(simulator.inputTokens()).as("the usage mock-llm reported").isEqualTo(40L * 2 * CONVERSATIONS);
        assertThat(simulator.outputTokens()).isEqualTo(6L * 2 * CONVERSATIONS);
        // The agent's tokens are its turns' (the assert-only step close adds none of its own), none of the helpers'.
        assertThat(summary.tokens().input()).isEqualTo(Workloads.step(summary, "chat").inputTokens());
        assertThat(Workloads.step(summary, "close").inputTokens()).isZero();
        // Seeded: each user's each conversation asks with a seed of its own, the same in every run.
        List<Long> seeds = new java.util.ArrayList<>();
        for (Map<String, Object> c : Workloads.lines(run, "conversations.jsonl")) {
            List<Map<String, Object>> turns = Workloads.turns(c);
            assertThat(turns).hasSize(1);
            Matcher m = SEEDED.matcher((String) turns.get(0).get("user"));
            assertThat(m.matches()).as("the first message, with its seed: %s", turns.get(0).get("user")).isTrue();
            long expected = SEED + ((Number) c.get("user")).longValue() * 1_000_003L + ((Number) c.get("iteration")).longValue();
            assertThat(Long.parseLong(m.group(1))).isEqualTo(expected);
            seeds.add(expected);
        }
        assertThat(seeds).hasSize(CONVERSATIONS).doesNotHaveDuplicates();

        Summary.CheckLine judged = Workloads.check(summary, "chat", "assert.judge");
        assertThat(judged.count()).isEqualTo(CONVERSATIONS);
        assertThat(judged.passRate()).isEqualTo(100.0);
        Summary.CheckLine unsaid = Workloads.check(summary, "close", "assert.judge");
        assertThat(unsaid.count()).isZero();
        assertThat(unsaid.failures()).isZero();
        assertThat(unsaid.notEvaluated()).isEqualTo(CONVERSATIONS);
        assertThat(unsaid.notEvaluatedReasons()).singleElement().satisfies(r ->
                assertThat(r.reason()).isEqualTo("the judge's answer holds no score: \"I would rather not say.\""));
        Summary.Helper judge = summary.judge();
        assertThat(judge.model()).isEqualTo("mock-judge");
        assertThat(judge.errors()).isZero();
        assertThat(judge.calls() + judge.cached()).isEqualTo(2L * CONVERSATIONS);
        assertThat(judge.inputTokens()).isEqualTo(120L * judge.calls());

        List<Map<String, Object>> events = Workloads.lines(run, "events.jsonl").stream()
                .filter(e -> "judge".equals(e.get("node"))).toList();
        assertThat(events).anySatisfy(e -> assertThat(e.get("detail")).asString().contains("It names the refund steps."));

        // Every call Stampede counted reached the third-party server, and nothing else did.
        assertThat(served).filteredOn(l -> l.equals("POST /v1/chat/completions"))
                .hasSize((int) (simulator.calls() + judge.calls()));
    }

    @Test
    void aRecordedRunIsReplayedWithMockLlmJudgingEachReplyAgainstTheRecordedOne(@TempDir Path dir) {
        Path recorded = dir.resolve("recorded");
        assertThat(Main.execute("run", "../scenarios/quickstart.yaml", "--users", "2", "--duration", "3s", "--record", "--out",
                recorded.toString(), "--quiet")).isIn(ExitCodes.OK, ExitCodes.THRESHOLD_FAILED); // latency limits: not our point
        Path run = Workloads.runFolder(recorded);
        int turns = Workloads.lines(run, "conversations.jsonl").stream().mapToInt(c -> Workloads.turns(c).size()).sum();

        CommandOutput replay = CommandOutput.run("replay", run.toString(), "--check", "judge", "--judge-url", mockLlm,
                "--judge-model", "mock-judge", "--out", dir.resolve("replays").toString(), "--quiet");

        assertThat(replay.exitCode()).as(replay.out() + replay.err()).isEqualTo(ExitCodes.OK);
        Summary summary = Workloads.summary(Workloads.runFolder(dir.resolve("replays")));
        Summary.CheckLine judged = Workloads.check(summary, "replay", "assert.judge");
        assertThat(judged.count()).isEqualTo(turns);
        assertThat(judged.passRate()).isEqualTo(100.0);
        assertThat(summary.judge().model()).isEqualTo("mock-judge");
        assertThat(summary.judge().calls() + summary.judge().cached()).isEqualTo(turns);
        assertThat(served).filteredOn(l -> l.equals("POST /v1/chat/completions")).hasSize((int) summary.judge().calls());
    }

    private static String scenario(String mockLlm) {
        return """
                scenario: third_party_helpers
                target:
                  base_url: http://127.0.0.1:8700
                  protocol: openai
                  model: demo-gpt
                  embedded: demo-agent
                  timeout: 10s
                load: { users: 3, iterations: 2 }
                user:
                  simulator:
                    base_url: %1$s
                    model: mock-user
                    persona: "A customer of the shop"
                    goal: "我想了解退款流程"
                    max_turns: 4
                    stop_when: "###STOP###"
                    seed: %2$d
                judge:
                  base_url: %1$s
                  model: mock-judge
                steps:
                  - from_simulator: {}
                    name: chat
                    assert:
                      response_contains: 退款
                      judge: { rubric: "The reply names the refund steps.", pass_if: ">= 4" }
                  - name: close
                    assert:
                      judge: { rubric: "[no score] Was the customer satisfied?", of: conversation }
                """.formatted(mockLlm, SEED);
    }

    /** Skips without node or mock-llm, saying why; fails instead under CI, which installs them. */
    private static void requireNode() {
        boolean present = server != null;
        String why = "needs node on the PATH and " + NODE_DIR.resolve("node_modules/@dwmkerr/mock-llm")
                + " (.ci/run installs them: npm ci --prefix cli/src/test/node)";
        if (!present && (System.getenv("CI") != null || System.getenv("STAMPEDE_CI") != null)) {
            fail("under CI, " + why);
        }
        assumeTrue(present, "skipped: " + why);
    }

    private static boolean nodePresent() {
        return Files.isDirectory(NODE_DIR.resolve("node_modules/@dwmkerr/mock-llm")) && nodeRuns();
    }

    private static boolean nodeRuns() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The port serve.js listens on; its later lines (one per request) are kept in {@code served}. */
    private static int port(Process server, List<String> served) throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("listening ")) {
                        port.complete(Integer.parseInt(line.substring("listening ".length()).strip()));
                    } else {
                        served.add(line.strip());
                    }
                }
                port.completeExceptionally(new IllegalStateException("mock-llm ended before listening: " + served));
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
        }, "mock-llm-output");
        reader.setDaemon(true);
        reader.start();
        return port.get(30, TimeUnit.SECONDS);
    }
}
