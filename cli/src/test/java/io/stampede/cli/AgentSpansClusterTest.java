package io.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.stampede.metrics.Latencies;
import io.stampede.metrics.Percentiles;
import io.stampede.results.ResultsJson;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * The agent's own spans at cluster scale: a {@code stampede coordinator} JVM with its OTLP
 * receiver on a free loopback port, two {@code stampede worker} JVMs sharing 40 users, and a
 * {@code stampede demo-agent} JVM in its OpenTelemetry mode (the real OpenTelemetry Java SDK,
 * OTLP/HTTP protobuf and gzip) as the target. The receiver forwards what it gets
 * ({@code --otlp-forward}) to a stand-in for the team's collector here, whose copy is the truth
 * of what the agent sent; the workers' reports are the truth of the turns they made. Every span
 * must land in its run, user, conversation and turn, none counted unknown or late.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class AgentSpansClusterTest {
    private static final int USERS = 40;
    private static final int ITERATIONS = 3;
    private static final List<String> STEPS = List.of("ask_refund", "ask_steps");
    /** Two slices in equal shares, one a worker: users 0–19 and users 20–39; this is the first of the second. */
    private static final int SECOND_SLICE = USERS / 2;
    private static final Duration START = Duration.ofSeconds(90);

    /** The processes' logs and the run folders, kept after the test for a failure to be read. */
    private final Path dir = Path.of("target", "agent-spans-cluster");
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<WorkerProcess> processes = new ArrayList<>();
    /** The bodies the team's collector got from the coordinator's forwarder (gzip protobuf, as the agent sent them). */
    private final List<byte[]> collected = new CopyOnWriteArrayList<>();
    private Vertx vertx;
    private int apiPort;

    @AfterEach
    void stopAll() throws Exception {
        for (int i = processes.size() - 1; i >= 0; i--) { // the coordinator last: its workers would miss it
            processes.get(i).close();
        }
        if (vertx != null) {
            Await.result(vertx.close(), Duration.ofSeconds(10));
        }
    }

    @Test
    void everySpanOfAnAgentDrivenByTwoWorkerJvmsLandsInItsUserAndTurn() throws Exception {
        deleteRecursively(dir);
        Files.createDirectories(dir);
        vertx = Vertx.vertx();
        HttpServer collector = Await.result(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            collected.add(body.getBytes());
            request.response().end();
        })).listen(0, "127.0.0.1"), Duration.ofSeconds(10));
        int clusterPort = 21701 + (int) (ProcessHandle.current().pid() % 40) * 20;

        // The three cluster JVMs start together, each knowing all three addresses, so whichever is
        // up first the others join it; the agent needs the receiver's port, so it starts once the
        // coordinator says it. A quiet period of 4 s (the agent exports every 200 ms) keeps the
        // test short yet forgives a stalled exporter; the loss timeout is long so that a busy
        // machine's pauses do not hand users over mid-run.
        String members = IntStream.rangeClosed(0, 2).mapToObj(i -> "127.0.0.1:" + (clusterPort + i)).collect(Collectors.joining(","));
        WorkerProcess coordinator = start("coordinator", "coordinator", "--port", "0", "--data-dir", dir.resolve("data").toString(),
                "--otlp-port", "0", "--otlp-forward", "http://127.0.0.1:" + collector.actualPort(), "--otlp-quiet", "4s",
                "--otlp-grace", "20s", "--loss-timeout", "15s", "--join", members,
                "--cluster-port", String.valueOf(clusterPort), "--cluster-name", "spans-" + clusterPort);
        for (int i = 1; i <= 2; i++) {
            start("w" + i, "worker", "--id", "w" + i, "--capacity", "100", "--lanes", "1", "--join", members,
                    "--cluster-port", String.valueOf(clusterPort + i), "--cluster-name", "spans-" + clusterPort);
        }
        Matcher up = coordinator.awaitLine(Pattern.compile("API on http://127\\.0\\.0\\.1:(\\d+), OTLP spans on"
                + " http://127\\.0\\.0\\.1:(\\d+)/v1/traces"), START);
        apiPort = Integer.parseInt(up.group(1));
        int otlpPort = Integer.parseInt(up.group(2));
        WorkerProcess agent = start("demo-agent", "demo-agent", "--port", "0", "--latency-scale", "0.1", "--error-rate", "0.1",
                "--seed", "14", "--otlp-endpoint", "http://127.0.0.1:" + otlpPort);
        Matcher listening = agent.awaitLine(Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)"), START);
        int agentPort = Integer.parseInt(listening.group(1));
        Waits.until("2 workers up", START, () -> get("/api/workers").path("up").asInt() == 2, this::logs);

        String runId = submit("http://127.0.0.1:" + agentPort);
        Waits.until("run " + runId + " ended", Duration.ofSeconds(60),
                () -> List.of("done", "failed", "aborted").contains(get("/api/runs/" + runId).path("status").asText()), this::logs);
        JsonNode summary = get("/api/runs/" + runId).path("summary");

        // The turns the workers made: every user's every turn, half the users on each worker.
        assertThat(summary.path("status").asText()).as("summary: %s", summary).isEqualTo("done");
        long turns = (long) USERS * ITERATIONS * STEPS.size();
        assertThat(summary.path("requests").path("count").asLong()).isEqualTo(turns);
        Map<String, Long> requestsByStep = new HashMap<>();
        summary.path("steps").forEach(s -> requestsByStep.put(s.path("name").asText(), s.path("count").asLong()));
        assertThat(requestsByStep).containsOnlyKeys(STEPS).allSatisfy((step, n) -> assertThat(n).isEqualTo(USERS * ITERATIONS));
        assertThat(summary.path("workers")).extracting(w -> w.path("worker_id").asText() + "=" + w.path("users").asInt())
                .containsExactlyInAnyOrder("w1=" + SECOND_SLICE, "w2=" + (USERS - SECOND_SLICE));

        // What the agent sent, read here from the collector's copy: one agent span and two model calls a turn.
        List<Span> sent = spans();
        Map<String, List<Span>> sentByNode = sent.stream().filter(s -> nodeOf(s) != null)
                .collect(Collectors.groupingBy(AgentSpansClusterTest::nodeOf));
        assertThat(sentByNode.keySet()).containsExactlyInAnyOrder("agent", "llm_call", "tool_call", "rag", "memory");
        assertThat(sentByNode.get("agent")).hasSize((int) turns);
        assertThat(sentByNode.get("llm_call")).hasSize((int) (2 * turns));
        Map<String, Long> turnsByUser = sentByNode.get("agent").stream()
                .collect(Collectors.groupingBy(s -> String.valueOf(user(s)), Collectors.counting()));
        assertThat(turnsByUser).as("agent spans per user").hasSize(USERS)
                .allSatisfy((user, n) -> assertThat(n).isEqualTo(ITERATIONS * STEPS.size()));

        // Every span the agent sent was matched to the run; none came unknown or late.
        Map<String, Double> outcomes = spanOutcomes();
        assertThat(outcomes).as("stampede_otlp_spans_total").containsEntry("matched", (double) sent.size())
                .containsEntry("unknown", 0.0).containsEntry("late", 0.0);
        long nodeSpans = sentByNode.values().stream().mapToLong(List::size).sum();
        assertThat(summary.path("notes")).extracting(JsonNode::asText).anySatisfy(note -> assertThat(note)
                .startsWith("the agent's spans: " + nodeSpans + " became nodes, " + (sent.size() - nodeSpans) + " were not nodes"));

        // The node figures from the spans: exact counts and errors, latencies as the spans' durations.
        Map<String, JsonNode> nodes = new HashMap<>();
        summary.path("nodes").forEach(n -> nodes.put(n.path("name").asText(), n));
        assertThat(nodes.keySet()).isEqualTo(sentByNode.keySet());
        assertThat(nodes.get("agent").path("count").asLong()).as("agent nodes = turns").isEqualTo(turns);
        assertThat(nodes.get("llm_call").path("count").asLong()).as("llm_call nodes = 2 × turns").isEqualTo(2 * turns);
        sentByNode.forEach((kind, spans) -> {
            JsonNode line = nodes.get(kind);
            assertThat(line.path("count").asLong()).as(kind + " count").isEqualTo(spans.size());
            assertThat(line.path("errors").asLong()).as(kind + " errors")
                    .isEqualTo(spans.stream().filter(s -> s.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR).count());
            Percentiles truth = Percentiles.of(histogram(spans));
            JsonNode latency = line.path("latency_ms");
            assertThat(latency.path("p50").asDouble()).as(kind + " p50").isPositive().isCloseTo(truth.p50(), within(1.0));
            assertThat(latency.path("p99").asDouble()).as(kind + " p99").isCloseTo(truth.p99(), within(1.0));
            assertThat(latency.path("max").asDouble()).as(kind + " max").isCloseTo(maxMs(spans), within(1.0));
        });
        assertThat(nodes.get("agent").path("errors").asLong()).as("the agent's failed turns (error rate 0.1)").isPositive();

        // The sampled node events carry the user, conversation and step of their span's trace id,
        // from both workers' slices and both turns.
        List<JsonNode> events = nodeEvents(dir.resolve("data").resolve(runId).resolve("events.jsonl"));
        assertThat(events).as("node events").isNotEmpty();
        assertThat(events).filteredOn(e -> e.path("user_id").asInt() < SECOND_SLICE).as("node events of the first slice's users")
                .extracting(e -> e.path("step").asText()).contains(STEPS.toArray(String[]::new));
        assertThat(events).filteredOn(e -> e.path("user_id").asInt() >= SECOND_SLICE).as("node events of the second slice's users")
                .extracting(e -> e.path("step").asText()).contains(STEPS.toArray(String[]::new));
        Map<String, List<Span>> sentByTurn = sent.stream().filter(s -> nodeOf(s) != null)
                .collect(Collectors.groupingBy(s -> user(s) + "/" + conversation(s) + "/" + STEPS.get(turn(s) - 1) + "/" + nodeOf(s)));
        assertThat(events).allSatisfy(e -> {
            String key = e.path("user_id").asInt() + "/" + e.path("iteration").asInt() + "/" + e.path("step").asText() + "/"
                    + e.path("node").asText();
            assertThat(sentByTurn.getOrDefault(key, List.of())).as("spans sent for the turn of %s", e)
                    .anySatisfy(s -> assertThat(durationMs(s)).isCloseTo(e.path("latency_ms").asDouble(), within(0.001)));
        });
        System.out.printf("cluster spans: %d turns, %d spans sent and matched, nodes %s, %d node events sampled%n", turns,
                sent.size(), sentByNode.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, x -> x.getValue().size())),
                events.size());
    }

    private WorkerProcess start(String name, String... args) throws IOException {
        WorkerProcess p = WorkerProcess.start(dir, name, args);
        processes.add(p);
        return p;
    }

    private String logs() {
        return processes.stream().map(p -> "\n--- " + p.log() + "\n" + p.output()).collect(Collectors.joining());
    }

    private String submit(String agentUrl) throws Exception {
        String yaml = Files.readString(Path.of("src/test/resources/cluster/otlp-agent.yaml")).replace("${AGENT_URL}", agentUrl);
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(api("/api/runs"))
                .header("content-type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(yaml)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return parse(created.body()).path("id").asText();
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        return parse(text(path));
    }

    private String text(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(api(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private URI api(String path) {
        return URI.create("http://127.0.0.1:" + apiPort + path);
    }

    /** The coordinator's {@code stampede_otlp_spans_total} by outcome (matched, unknown, late), from {@code /metrics}. */
    private Map<String, Double> spanOutcomes() throws IOException, InterruptedException {
        Map<String, Double> out = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^stampede_otlp_spans_total\\{outcome=\"(\\w+)\"[^}]*}\\s+(\\S+)$").matcher(text("/metrics"));
        while (m.find()) {
            out.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return out;
    }

    private static List<JsonNode> nodeEvents(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            JsonNode e = parse(line);
            if (!e.path("node").asText().equals("step")) {
                out.add(e);
            }
        }
        return out;
    }

    /** Every span the collector got. */
    private List<Span> spans() {
        List<Span> out = new ArrayList<>();
        for (byte[] body : collected) {
            for (ResourceSpans rs : decode(body).getResourceSpansList()) {
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    out.addAll(ss.getSpansList());
                }
            }
        }
        return out;
    }

    /** The node a demo agent's span is (this test's own reading of the demo's spans, not Stampede's). */
    private static String nodeOf(Span span) {
        Map<String, String> attributes = new HashMap<>();
        for (KeyValue kv : span.getAttributesList()) {
            attributes.put(kv.getKey(), kv.getValue().getStringValue());
        }
        return switch (attributes.getOrDefault("gen_ai.operation.name", "")) {
            case "chat" -> "llm_call";
            case "execute_tool" -> "tool_call";
            case "invoke_agent" -> "agent";
            default -> "RETRIEVER".equals(attributes.get("openinference.span.kind")) ? "rag"
                    : "memory".equals(attributes.get("demo.node")) ? "memory" : null;
        };
    }

    /** The trace id Stampede made: run seed (8 bytes), user (4), conversation (2), turn (2). */
    private static int user(Span span) {
        return span.getTraceId().asReadOnlyByteBuffer().getInt(8);
    }

    private static int conversation(Span span) {
        return span.getTraceId().asReadOnlyByteBuffer().getShort(12) & 0xffff;
    }

    private static int turn(Span span) {
        return span.getTraceId().asReadOnlyByteBuffer().getShort(14) & 0xffff;
    }

    private static double durationMs(Span span) {
        return (span.getEndTimeUnixNano() - span.getStartTimeUnixNano()) / 1000 / 1000.0;
    }

    private static ExportTraceServiceRequest decode(byte[] gzipped) {
        try {
            return ExportTraceServiceRequest.parseFrom(new GZIPInputStream(new ByteArrayInputStream(gzipped)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Histogram histogram(List<Span> spans) {
        Histogram h = Latencies.newHistogram();
        spans.forEach(s -> Latencies.record(h, (s.getEndTimeUnixNano() - s.getStartTimeUnixNano()) / 1000));
        return h;
    }

    private static double maxMs(List<Span> spans) {
        return spans.stream().mapToLong(s -> s.getEndTimeUnixNano() - s.getStartTimeUnixNano()).max().orElse(0) / 1e6;
    }

    private static JsonNode parse(String json) {
        try {
            return ResultsJson.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (Files.exists(path)) {
            try (Stream<Path> all = Files.walk(path)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
