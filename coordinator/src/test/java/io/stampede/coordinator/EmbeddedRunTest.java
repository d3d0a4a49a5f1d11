package io.stampede.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.stampede.demo.DemoAgent;
import io.stampede.demo.DemoAgentOptions;
import io.stampede.engine.WorkerNode;
import io.stampede.engine.WorkerOptions;
import io.stampede.results.ResultFolder;
import io.stampede.results.Summary;
import io.stampede.run.CoordinatorOptions;
import io.stampede.run.Run;
import io.stampede.run.RunOverrides;
import io.stampede.run.RunStatus;
import io.stampede.scenario.ScenarioSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;

/**
 * A whole run in one process, as {@code stampede run} does it: a coordinator, a worker with two
 * lanes and the demo agent on loopback; then the result folder, file by file.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class EmbeddedRunTest {
    private static final String SECRET = "sk-test-0123456789abcdef";
    private static final String LITERAL_SECRET = "sk-literal-in-the-file-42";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void theCoordinatorsSummaryCountsEveryStepOfEveryLaneExactlyOnce(Vertx vertx, VertxTestContext ctx) {
        run(vertx, "counts.yaml", new DemoAgentOptions().setLatencyScale(0).setSeed(8))
                .onComplete(ctx.succeeding(run -> ctx.verify(() -> {
                    Summary s = run.summary();
                    assertThat(run.status()).isEqualTo(RunStatus.DONE);
                    assertThat(s.requests().count()).isEqualTo(42);
                    assertThat(s.steps()).extracting(Summary.StepLine::count).containsExactly(21L, 21L);
                    assertThat(s.conversations()).isEqualTo(new Summary.Conversations(21, 21, 0, 0, 0, 0));
                    assertThat(s.users()).isEqualTo(new Summary.Users(7, 7, 7, 0));
                    assertThat(s.successRate()).isEqualTo(100.0);
                    ctx.completeNow();
                })));
    }

    @Test
    void theResultFolderHoldsEveryFileAndTheyAgreeWithTheSummary(Vertx vertx, VertxTestContext ctx) {
        run(vertx, "result-files.yaml", new DemoAgentOptions().setLatencyScale(0.05).setSeed(9))
                .onComplete(ctx.succeeding(run -> ctx.verify(() -> {
                    assertThat(run.status()).isEqualTo(RunStatus.DONE);
                    Path folder = dataDir.resolve(run.id());
                    assertThat(run.folder()).isEqualTo(folder);
                    for (String file : List.of(ResultFolder.SCENARIO, ResultFolder.SUMMARY, ResultFolder.STATS,
                            ResultFolder.TIMESERIES, ResultFolder.EVENTS, ResultFolder.LATENCY)) {
                        assertThat(folder.resolve(file)).as(file).isRegularFile();
                    }
                    Summary summary = run.summary();
                    checkSummaryJson(folder, run, summary);
                    checkStatsCsv(folder, summary);
                    checkTimeseriesCsv(folder, summary);
                    checkEventsJsonl(folder, run);
                    checkLatencyLog(folder, summary);
                    checkScenarioIsRedacted(folder);
                    ctx.completeNow();
                })));
    }

    private static void checkSummaryJson(Path folder, Run run, Summary summary) throws IOException {
        JsonNode json = JSON.readTree(folder.resolve(ResultFolder.SUMMARY).toFile());
        assertThat(json.path("run_id").asText()).isEqualTo(run.id());
        assertThat(json.path("scenario").asText()).isEqualTo("result_files");
        assertThat(json.path("status").asText()).isEqualTo("done");
        assertThat(json.path("users").path("target").asInt()).isEqualTo(4);
        assertThat(json.path("users").path("started").asInt()).isEqualTo(4);
        assertThat(json.path("users").path("finished").asInt()).isEqualTo(4);
        JsonNode conversations = json.path("conversations");
        assertThat(conversations.path("started").asLong()).isPositive().isEqualTo(conversations.path("succeeded").asLong()
                + conversations.path("failed").asLong() + conversations.path("interrupted").asLong());
        assertThat(json.path("requests").path("count").asLong()).isEqualTo(summary.requests().count())
                .isEqualTo(summary.steps().stream().mapToLong(Summary.StepLine::count).sum());
        assertThat(json.path("latency_ms").path("p95").asDouble()).isEqualTo(summary.latencyMs().p95()).isPositive();
        assertThat(json.path("success_rate").asDouble()).isEqualTo(summary.successRate());
        assertThat(names(json.path("steps"))).containsExactly("ask_refund", "ask_steps", "get_order");
        assertThat(names(json.path("nodes"))).contains("llm_call", "memory", "rag", "tool_call");
        assertThat(json.path("thresholds")).hasSize(2);
        assertThat(json.path("thresholds").get(0).path("metric").asText()).isEqualTo("success_rate");
        assertThat(json.path("thresholds_passed").asBoolean()).isTrue();
        assertThat(json.path("tokens").path("total").asLong()).isPositive();
        assertThat(json.path("workers")).hasSize(1);
        assertThat(json.has("ttft_ms")).isTrue();
        assertThat(json.path("ttft_ms").isNull()).as("not streamed").isTrue();
    }

    private static void checkStatsCsv(Path folder, Summary summary) throws IOException {
        List<List<String>> rows = csv(folder.resolve(ResultFolder.STATS));
        assertThat(rows.get(0)).startsWith("type", "name", "count", "errors", "success_rate");
        // header, run, steps, nodes, then the conversations judged and one row per reason not good
        assertThat(rows).hasSize(1 + 1 + summary.steps().size() + summary.nodes().size() + 1 + summary.goodput().reasons().size());
        assertThat(rows.get(1)).startsWith("run", "all", String.valueOf(summary.requests().count()));
        assertThat(rows).anySatisfy(r -> assertThat(r).startsWith("conversation", "good",
                String.valueOf(summary.goodput().completed()), String.valueOf(summary.goodput().completed() - summary.goodput().good())));
        for (Summary.StepLine step : summary.steps()) {
            assertThat(rows).anySatisfy(r -> assertThat(r).startsWith("step", step.name(), String.valueOf(step.count()),
                    String.valueOf(step.errors())));
        }
        for (Summary.NodeLine node : summary.nodes()) {
            assertThat(rows).anySatisfy(r -> assertThat(r).startsWith("node", node.name(), String.valueOf(node.count()),
                    String.valueOf(node.errors())));
        }
    }

    private static void checkTimeseriesCsv(Path folder, Summary summary) throws IOException {
        List<List<String>> rows = csv(folder.resolve(ResultFolder.TIMESERIES));
        assertThat(rows.get(0)).startsWith("second", "time", "users_active", "requests");
        List<List<String>> seconds = rows.subList(1, rows.size());
        assertThat(seconds.size()).as("a row per second of a 3 s run and its graceful stop").isBetween(3, 7);
        long requests = 0;
        for (int i = 0; i < seconds.size(); i++) {
            List<String> row = seconds.get(i);
            assertThat(row.get(0)).as("second").isEqualTo(String.valueOf(i));
            if (i > 0) {
                long gap = java.time.Instant.parse(row.get(1)).toEpochMilli()
                        - java.time.Instant.parse(seconds.get(i - 1).get(1)).toEpochMilli();
                assertThat(gap).as("row " + i + " one second after the row before").isEqualTo(1_000);
            }
            requests += Long.parseLong(row.get(3));
        }
        assertThat(requests).as("requests over all seconds").isPositive().isLessThanOrEqualTo(summary.requests().count());
    }

    private static void checkEventsJsonl(Path folder, Run run) throws IOException {
        List<String> lines = Files.readAllLines(folder.resolve(ResultFolder.EVENTS), StandardCharsets.UTF_8);
        assertThat(lines).isNotEmpty();
        Map<String, Integer> nodes = new HashMap<>();
        for (String line : lines) {
            JsonNode event = JSON.readTree(line);
            assertThat(event.isObject()).isTrue();
            assertThat(event.path("run_id").asText()).isEqualTo(run.id());
            assertThat(event.path("user_id").asInt()).isBetween(0, 3);
            assertThat(event.path("step").asText()).isIn("ask_refund", "ask_steps", "get_order");
            assertThat(event.path("status").asText()).isIn("ok", "error");
            assertThat(event.path("latency_ms").isNumber()).isTrue();
            assertThat(event.has("tokens")).isTrue();
            nodes.merge(event.path("node").asText(), 1, Integer::sum);
        }
        assertThat(nodes).containsKeys("step", "llm_call");
    }

    private static void checkLatencyLog(Path folder, Summary summary) throws IOException {
        Map<String, Long> countsByTag = new HashMap<>();
        HistogramLogReader reader = new HistogramLogReader(folder.resolve(ResultFolder.LATENCY).toFile());
        try {
            EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null) {
                assertThat(h.getTag()).as("every interval is tagged with its key").isNotNull();
                countsByTag.merge(h.getTag(), ((org.HdrHistogram.Histogram) h).getTotalCount(), Long::sum);
            }
        } finally {
            reader.close();
        }
        Map<String, Long> expected = new HashMap<>();
        summary.steps().forEach(s -> expected.put("step:" + s.name(), s.count()));
        summary.nodes().forEach(n -> expected.put("node:" + n.name(), n.count()));
        // Every completed conversation's time to resolution, judged on the worker.
        expected.put("conversation:all", summary.goodput().completed());
        // The generator's own event-loop lag, sampled every 50 ms on each lane, is logged beside the agent's figures.
        assertThat(countsByTag.remove("generator:lag")).as("the generator's lag samples").isGreaterThan(20L);
        assertThat(countsByTag).isEqualTo(expected);
    }

    private static void checkScenarioIsRedacted(Path folder) throws IOException {
        String scenario = Files.readString(folder.resolve(ResultFolder.SCENARIO));
        assertThat(scenario).contains("scenario: result_files").contains("Authorization: \"***\"")
                .doesNotContain(LITERAL_SECRET);
        try (var files = Files.list(folder)) {
            for (Path file : files.collect(Collectors.toList())) {
                assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).as(file.getFileName().toString())
                        .doesNotContain(SECRET).doesNotContain(LITERAL_SECRET);
            }
        }
    }

    // ---- helpers

    private Future<Run> run(Vertx vertx, String scenario, DemoAgentOptions agentOptions) {
        return DemoAgent.start(vertx, agentOptions.setPort(0)).compose(agent ->
                Coordinator.start(vertx, new CoordinatorOptions().dataDir(dataDir).startDelayMs(500))
                        .compose(coordinator -> WorkerNode.start(vertx, new WorkerOptions().lanes(2)).map(coordinator))
                        .compose(coordinator -> coordinator.runs().submit(source(scenario, agent.port()), RunOverrides.NONE))
                        .compose(run -> run.completion().map(summary -> run)));
    }

    private static ScenarioSource source(String name, int agentPort) {
        Path file = Path.of("src/test/resources/scenarios", name);
        try {
            return new ScenarioSource(Files.readString(file), name, file.getParent(),
                    Map.of("AGENT_URL", "http://127.0.0.1:" + agentPort, "AGENT_TOKEN", SECRET), null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new java.util.ArrayList<>();
        array.forEach(n -> names.add(n.path("name").asText()));
        return names;
    }

    /** Simple CSV: the files under test quote nothing in the columns read here. */
    private static List<List<String>> csv(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(l -> List.of(l.split(",", -1))).toList();
    }
}
