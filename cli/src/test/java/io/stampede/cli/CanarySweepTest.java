package io.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.stampede.json.Json;
import io.stampede.secret.ClusterSecret;

/**
 * Nothing leaks: a run with a unique canary secret in every place a user may put one (see
 * {@code canary/canary.yaml}), against an agent that echoes everything back and with checks
 * that fail, and then a search of every byte the system produced — result files, API answers,
 * the whole feed, {@code /metrics}, every process's output and log, the CLI's output — for each
 * canary as it is, URL-encoded, JSON-escaped and in base64. The count must be 0.
 *
 * <p>The agent also sends its own OpenTelemetry spans, echoing everything in span names, status
 * messages and attributes, to the coordinator's OTLP receiver, and Stampede exports its client
 * spans ({@code --otlp-export}) to a collector on loopback, whose received bytes are searched too.
 *
 * <p>Once embedded ({@code stampede run --ui}) and once on a real cluster of JVMs, where rogue
 * nodes of every kind are on the cluster network too: one without the secret that listens on
 * every address, replays and forges; one with another secret claiming a real worker's id; one
 * with the right secret but a worker id already taken. They must get nothing and change nothing.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CanarySweepTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private final List<WorkerProcess> processes = new ArrayList<>();
    private EchoAgent agent;
    private SpanCollector collector;

    @AfterEach
    void stop() throws Exception {
        if (collector != null) {
            collector.close();
        }
        for (WorkerProcess p : processes) {
            p.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void anEmbeddedRunWritesNoCanaryAnywhere() throws Exception {
        int otlpPort = freePort();
        agent = EchoAgent.start(otlpPort);
        collector = new SpanCollector();
        Canaries canaries = new Canaries(agent.port());
        int uiPort = freePort();
        Path scenario = scenario("duration");
        WorkerProcess run = start("run", canaries.environment, "run", scenario.toString(), "--ui", "--ui-port",
                String.valueOf(uiPort), "--out", dir.resolve("results").toString(), "--otlp-port", String.valueOf(otlpPort),
                "--otlp-export", collector.url(), "--otlp-quiet", "1s");
        String base = "http://127.0.0.1:" + uiPort;
        String runId = run.awaitLine(Pattern.compile("dashboard: .*#/runs/(\\S+)"), Duration.ofSeconds(60)).group(1);

        // While it runs: the whole feed, and every read of the API, again and again until the process ends.
        Map<String, String> answers = new HashMap<>();
        ConcurrentLinkedQueue<String> feed = new ConcurrentLinkedQueue<>();
        Thread follower = new Thread(() -> follow(base + "/api/runs/" + runId + "/stream", feed));
        follower.start();
        while (run.isAlive()) {
            for (String path : List.of("/api/runs", "/api/runs/" + runId, "/api/workers", "/metrics")) {
                get(base + path, null).ifPresent(body -> answers.merge(path, body, (a, b) -> a + "\n" + b));
            }
            Thread.sleep(300);
        }
        follower.join(10_000);
        assertThat(run.exitCode(Duration.ofSeconds(30))).as(run.output()).isEqualTo(1); // the expected-text check fails

        int count = sweep(canaries, dir.resolve("results"), answers, feed, List.of(run))
                + canaries.count("exported to the collector", collector.text());
        assertThat(answers).as("API answers read").containsKeys("/api/runs/" + runId, "/metrics");
        assertThat(String.join("", feed)).as("the feed, to its end").contains("event: done").contains("***");
        assertThat(Canaries.files(dir.resolve("results"))).as("result files").isGreaterThanOrEqualTo(7);
        assertThat(count).as("canaries found:\n" + String.join("\n", canaries.found)).isZero();
        assertSpansWentBothWays(Json.MAPPER.readTree(summaryFile(dir.resolve("results")).toFile()));
    }

    @Test
    void aClusterRunWithRogueNodesOnItsNetworkWritesNoCanaryAnywhereAndIsNotDisturbed() throws Exception {
        int otlpPort = freePort();
        agent = EchoAgent.start(otlpPort);
        collector = new SpanCollector();
        Canaries canaries = new Canaries(agent.port());
        int clusterPort = 16701 + (int) (ProcessHandle.current().pid() % 40) * 20;
        int apiPort = freePort();
        String name = "canary-" + clusterPort;
        Map<String, String> cluster = Map.of(ClusterSecret.ENV, WorkerProcess.CLUSTER_SECRET);
        WorkerProcess coordinator = start("coordinator", cluster, "coordinator", "--port", String.valueOf(apiPort),
                "--otlp-port", String.valueOf(otlpPort), "--otlp-export", collector.url(), "--otlp-quiet", "1s",
                "--data-dir", dir.resolve("results").toString(), "--loss-timeout", "10s", "--max-runs", "2",
                "--join", "127.0.0.1:" + clusterPort, "--cluster-port", String.valueOf(clusterPort), "--cluster-name", name);
        coordinator.awaitLine(Pattern.compile("coordinator \\S+ up"), Duration.ofSeconds(90));
        String base = "http://127.0.0.1:" + apiPort;
        for (int i = 1; i <= 2; i++) {
            start("w" + i, cluster, worker("w" + i, clusterPort, i, name));
        }
        awaitWorkers(base, 2);
        // The rogues: another secret with a real worker's id; the right secret with an id already taken; no secret at all.
        WorkerProcess wrongSecret = start("rogue-wrong-secret", Map.of(ClusterSecret.ENV, "another-secret-of-at-least-16-chars"),
                worker("w1", clusterPort, 3, name));
        WorkerProcess duplicate = start("rogue-duplicate-id", cluster, worker("w2", clusterPort, 4, name));
        Path capture = dir.resolve("rogue-capture.bin");
        WorkerProcess rogue = WorkerProcess.startMain(RogueNode.class, dir, "rogue-no-secret", Map.of(),
                String.valueOf(clusterPort), String.valueOf(clusterPort + 5), name, capture.toString(), "60", "w1");
        processes.add(rogue);
        for (WorkerProcess r : List.of(wrongSecret, duplicate, rogue)) {
            r.awaitLine(Pattern.compile("(worker|rogue) \\S* ?up"), Duration.ofSeconds(90));
        }
        Waits.until("the coordinator to refuse the rogues", Duration.ofSeconds(30),
                () -> coordinator.output().contains("refusing worker w2 on node")
                        && coordinator.output().contains("not sealed with this cluster's secret"), coordinator::output);

        WorkerProcess run = start("run", canaries.environment, "run", scenario("iterations").toString(),
                "--coordinator", base);
        int exit = run.exitCode(Duration.ofSeconds(90));
        Matcher id = Pattern.compile("runs/(\\d{8}-\\d{6}-\\w+)").matcher(run.output());
        assertThat(id.find()).as(run.output()).isTrue();
        String runId = id.group(1);

        Map<String, String> answers = new HashMap<>();
        for (String path : List.of("/api/runs", "/api/runs/" + runId, "/api/workers", "/metrics",
                "/api/compare?base=" + runId + "&candidate=" + runId)) {
            answers.put(path, get(base + path, null).orElse(""));
        }
        for (String file : List.of("scenario.yaml", "summary.json", "stats.csv", "timeseries.csv", "events.jsonl", "latency.hlog",
                "report.html")) {
            answers.put(file, get(base + "/api/runs/" + runId + "/files/" + file, null).orElse(""));
        }
        ConcurrentLinkedQueue<String> feed = new ConcurrentLinkedQueue<>();
        follow(base + "/api/runs/" + runId + "/stream", feed);
        Thread.sleep(1_000); // the rogue's last forgeries land, and every process has logged what it will
        processes.add(run);
        int count = sweep(canaries, dir.resolve("results"), answers, feed, processes) + canaries.count("rogue capture",
                Files.exists(capture) ? Files.readString(capture, StandardCharsets.ISO_8859_1) : "")
                + canaries.count("exported to the collector", collector.text());

        JsonNode summary = Json.MAPPER.readTree(answers.get("summary.json"));
        assertThat(exit).as(run.output()).isEqualTo(1);
        assertThat(summary.path("status").asText()).isEqualTo("done");
        // 4 users × 2 conversations × 2 steps, from w1 and w2 alone: no forged report was merged, no rogue got a slice.
        assertThat(summary.path("requests").path("count").asLong()).isEqualTo(16);
        assertThat(summary.path("workers").findValuesAsText("worker_id")).containsExactlyInAnyOrder("w1", "w2");
        assertThat(Json.MAPPER.readTree(answers.get("/api/workers")).path("workers").findValuesAsText("worker_id"))
                .containsExactlyInAnyOrder("w1", "w2");
        assertThat(answers.get("/api/runs/" + runId)).doesNotContain("rogue");
        assertThat(Files.size(capture)).as("what the rogue without the secret captured").isPositive();
        assertThat(Files.readString(capture, StandardCharsets.ISO_8859_1)).doesNotContain("canary_sweep", "scenario:", "\"v\":");
        assertThat(count).as("canaries found:\n" + String.join("\n", canaries.found)).isZero();
        assertSpansWentBothWays(summary);
    }

    /**
     * The OTLP paths were really taken: the agent's spans became nodes of the run (only they make
     * {@code database} nodes, with reasons masked), and Stampede's client spans reached the
     * collector with the failed check's detail and the model masked.
     */
    private void assertSpansWentBothWays(JsonNode summary) {
        assertThat(agent.spansTaken()).as("spans the receiver took from the agent").isPositive();
        List<JsonNode> database = new ArrayList<>();
        summary.path("nodes").forEach(n -> {
            if (n.path("name").asText().equals("database")) {
                database.add(n);
            }
        });
        assertThat(database).as("the agent's database spans, as nodes: " + summary.path("nodes")).singleElement()
                .satisfies(n -> assertThat(n.path("errors").asLong()).isPositive());
        List<io.opentelemetry.proto.trace.v1.Span> exported = collector.spans();
        assertThat(exported).as("client spans exported").isNotEmpty();
        assertThat(exported).extracting(s -> s.getStatus().getMessage()).anyMatch(m -> m.contains("***"));
        assertThat(exported).flatExtracting(io.opentelemetry.proto.trace.v1.Span::getAttributesList)
                .filteredOn(kv -> kv.getKey().equals("gen_ai.request.model")).isNotEmpty()
                .allSatisfy(kv -> assertThat(kv.getValue().getStringValue()).isEqualTo("***"));
    }

    private static Path summaryFile(Path results) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(results)) {
            return files.filter(f -> f.getFileName().toString().equals("summary.json")).findFirst().orElseThrow();
        }
    }

    /** Every byte produced, searched: result files, API answers, the feed, every process's output. */
    private static int sweep(Canaries canaries, Path results, Map<String, String> answers, Iterable<String> feed,
                             List<WorkerProcess> processes) {
        int n = canaries.countInFiles(results);
        for (Map.Entry<String, String> a : answers.entrySet()) {
            n += canaries.count("GET " + a.getKey(), a.getValue());
        }
        n += canaries.count("the feed", String.join("", feed));
        for (WorkerProcess p : processes) {
            n += canaries.count(p.log().toString(), p.output());
        }
        return n;
    }

    private Path scenario(String kind) throws IOException {
        String text = new String(getClass().getResourceAsStream("/canary/canary.yaml").readAllBytes(), StandardCharsets.UTF_8);
        if (kind.equals("duration")) {
            text = text.replace("load: { users: 2, iterations: 2 }", "load: { users: 2, duration: 4s, think_time: 200ms }");
        } else {
            text = text.replace("load: { users: 2, iterations: 2 }", "load: { users: 4, iterations: 2 }");
        }
        Path file = dir.resolve("canary-" + kind + ".yaml");
        Files.writeString(file, text);
        return file;
    }

    private static String[] worker(String id, int clusterPort, int offset, String name) {
        return new String[] {"worker", "--id", id, "--capacity", "100", "--lanes", "1", "--join", "127.0.0.1:" + clusterPort,
                "--cluster-port", String.valueOf(clusterPort + offset), "--cluster-name", name};
    }

    private WorkerProcess start(String name, Map<String, String> env, String... args) throws IOException {
        WorkerProcess p = WorkerProcess.start(dir, name, env, args);
        processes.add(p);
        return p;
    }

    private static void awaitWorkers(String base, int count) throws Exception {
        Waits.until(count + " workers", Duration.ofSeconds(90), () -> get(base + "/api/workers", null)
                .map(b -> b.contains("\"up\":" + count)).orElse(false), () -> get(base + "/api/workers", null).orElse(""));
    }

    private static java.util.Optional<String> get(String url, String token) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
            if (token != null) {
                request.header("authorization", "Bearer " + token);
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return java.util.Optional.of(response.body());
        } catch (IOException e) {
            return java.util.Optional.empty(); // the embedded run's process has ended
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }

    /** Reads the feed from its first event to its end (or until the server goes away). */
    private static void follow(String url, ConcurrentLinkedQueue<String> into) {
        try {
            HttpResponse<java.io.InputStream> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    into.add(line + "\n");
                }
            }
        } catch (IOException e) {
            into.add(": (feed ended: " + e.getMessage() + ")\n");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
