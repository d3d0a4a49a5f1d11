package io.stampede.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.stampede.metrics.KeyStats;
import io.stampede.metrics.MetricsSnapshot;
import io.stampede.scenario.ScenarioLoader;
import io.stampede.scenario.ScenarioSource;
import io.stampede.testkit.RealCluster;
import io.vertx.core.Vertx;

/**
 * The receiver driven by another language's SDK: the OpenTelemetry JS SDK and its own OTLP/HTTP
 * exporters, JSON ({@code exporter-trace-otlp-http}) and protobuf ({@code exporter-trace-otlp-proto}),
 * from {@code src/test/node/send-spans.js}. Needs node and the packages that {@code .ci/run}
 * installs ({@code npm ci --prefix coordinator/src/test/node}); without them the test is skipped
 * saying so. Nothing is downloaded at test time.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class NodeExporterTest {
    private static final Path NODE_DIR = Path.of("src/test/node");
    private static final int USERS = 20;
    private static Vertx vertx;
    private static SpanRuns runs;
    private static OtlpReceiver receiver;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        runs = new SpanRuns();
        receiver = RealCluster.await(OtlpReceiver.start(vertx, runs, new OtlpOptions().port(0)));
    }

    @AfterAll
    static void stop() {
        RealCluster.await(vertx.close());
    }

    @Test
    void theJsSdksJsonExporterIsReadLikeAnyOther() throws Exception {
        agentSpansMatchWhatNodeSent("json", 0x0de0de0de0de0001L);
    }

    @Test
    void theJsSdksProtobufExporterIsReadLikeAnyOther() throws Exception {
        agentSpansMatchWhatNodeSent("protobuf", 0x0de0de0de0de0002L);
    }

    private void agentSpansMatchWhatNodeSent(String encoding, long seed) throws Exception {
        assumeTrue(nodeAndPackagesPresent(), "skipped: needs node on the PATH and " + NODE_DIR.resolve("node_modules")
                + " (.ci/run installs them: npm ci --prefix coordinator/src/test/node)");
        RunSpans run = runs.open(seed, "r-node-" + encoding, ScenarioLoader.load(new ScenarioSource(
                RealCluster.resource("otlp/two-turns.yaml"), "two-turns.yaml", null, Map.of(), null)));

        String output = node(Map.of("STAMPEDE_OTLP", "http://127.0.0.1:" + receiver.port(), "SEED", String.format("%016x", seed),
                "USERS", String.valueOf(USERS), "ENCODING", encoding));

        assertThat(output).contains("\"spans\":" + USERS * 2 * 3);
        MetricsSnapshot totals = run.cut(true).cumulative().toSnapshot();
        for (String node : new String[] {"agent", "llm_call", "tool_call"}) {
            assertThat(totals.keys().get("node:" + node).count()).as(node).isEqualTo(USERS * 2);
        }
        KeyStats tools = totals.keys().get("node:tool_call");
        assertThat(tools.errors()).isEqualTo(USERS);
        assertThat(tools.failures()).containsEntry("search failed", (long) USERS);
        assertThat(tools.latency().getMinValue()).isBetween(29_900L, 30_100L);
        assertThat(tools.latency().getMaxValue()).isBetween(29_900L, 30_100L);
        assertThat(totals.keys().get("node:llm_call").outputTokens()).isEqualTo(12L * USERS * 2);
        assertThat(totals.keys().get("nest:agent>llm_call").count()).isEqualTo(USERS * 2);
        assertThat(totals.keys().get("nest:llm_call>tool_call").count()).isEqualTo(USERS * 2);
    }

    private static boolean nodeAndPackagesPresent() {
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules/@opentelemetry/exporter-trace-otlp-proto"))) {
            return false;
        }
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String node(Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("node", "send-spans.js").directory(NODE_DIR.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("node send-spans.js did not end within 60 s");
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }
}
