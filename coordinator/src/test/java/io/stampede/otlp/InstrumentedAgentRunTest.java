package io.stampede.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.stampede.demo.DemoAgentOptions;
import io.stampede.metrics.Latencies;
import io.stampede.metrics.Percentiles;
import io.stampede.results.Summary;
import io.stampede.run.Run;
import io.stampede.run.RunStatus;
import io.stampede.testkit.RealCluster;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * The loop closed with real instrumentation: the demo agent in its OpenTelemetry mode (the
 * OpenTelemetry Java SDK and its OTLP/HTTP exporter, protobuf and gzip) sends its spans to the
 * coordinator's receiver while a run drives it; the receiver forwards what it receives to a
 * stand-in for the team's collector, whose copy is the truth the run's node figures must match.
 * The workers export Stampede's own client spans to that collector too ({@code --otlp-export}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InstrumentedAgentRunTest {
    @TempDir
    static Path dataDir;

    private static RealCluster cluster;
    private static OtlpReceiver receiver;
    /** What the team's collector got: the agent's spans (forwarded) and Stampede's own (exported). */
    private static final List<byte[]> collected = new CopyOnWriteArrayList<>();
    private static Run run;
    private static Vertx collectorVertx;

    @BeforeAll
    static void runAgainstTheInstrumentedAgent() {
        collectorVertx = Vertx.vertx();
        HttpServer collector = RealCluster.await(collectorVertx.createHttpServer()
                .requestHandler(request -> request.body().onSuccess(body -> {
                    collected.add(body.getBytes());
                    request.response().end();
                })).listen(0, "127.0.0.1"));
        String collectorUrl = "http://127.0.0.1:" + collector.actualPort() + "/v1/traces";
        cluster = RealCluster.start(dataDir, options -> options.spanQuietMs(1_500).spanGraceMs(15_000).otlpExportUrl(collectorUrl));
        receiver = RealCluster.await(OtlpReceiver.start(cluster.vertx(), cluster.coordinator().spans(), new OtlpOptions().port(0)
                .forwardUrl(collectorUrl)));
        String agent = cluster.startAgent(new DemoAgentOptions().setLatencyScale(0.05).setErrorRate(0.2).setSeed(11)
                .setOtlpEndpoint("http://127.0.0.1:" + receiver.port()));
        run = cluster.run("otlp/instrumented-agent.yaml", Map.of("AGENT_URL", agent));
    }

    @AfterAll
    static void close() {
        if (cluster != null) {
            cluster.close();
        }
        RealCluster.await(collectorVertx.close());
    }

    @Test
    void nodeCountsAndLatenciesMatchTheSpansTheAgentSent() {
        assertThat(run.status()).isEqualTo(RunStatus.DONE);
        Map<String, List<Span>> sent = spansByNode();
        assertThat(sent.keySet()).containsExactlyInAnyOrder("agent", "llm_call", "tool_call", "rag", "memory");
        Map<String, Summary.NodeLine> nodes = run.summary().nodes().stream()
                .collect(Collectors.toMap(Summary.NodeLine::name, n -> n));
        assertThat(nodes.keySet()).isEqualTo(sent.keySet());
        sent.forEach((kind, spans) -> {
            Summary.NodeLine line = nodes.get(kind);
            assertThat(line.count()).as(kind + " count").isEqualTo(spans.size());
            assertThat(line.errors()).as(kind + " errors")
                    .isEqualTo(spans.stream().filter(s -> s.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR).count());
            Percentiles truth = Percentiles.of(histogram(spans));
            assertThat(line.latencyMs().p50()).as(kind + " p50").isCloseTo(truth.p50(), within(1.0));
            assertThat(line.latencyMs().p95()).as(kind + " p95").isCloseTo(truth.p95(), within(1.0));
            assertThat(line.latencyMs().p99()).as(kind + " p99").isCloseTo(truth.p99(), within(1.0));
            assertThat(line.latencyMs().max()).as(kind + " max").isCloseTo(maxMs(spans), within(1.0));
        });
    }

    @Test
    void everyTurnCountsItsSpansOnceAndTheReceiverRefusedNothing() {
        long turns = run.summary().steps().stream().mapToLong(Summary.StepLine::count).sum();
        assertThat(spansByNode().get("agent")).hasSize((int) turns);
        assertThat(receiver.requests()[1]).as("requests refused").isZero();
        assertThat(cluster.coordinator().spans().unknown()).isZero();
    }

    @Test
    void stampedesOwnClientSpanOfEachTurnIsTheParentOfTheAgentsSpans() {
        Map<String, Span> client = new HashMap<>();
        spans(true).forEach(s -> client.put(s.getTraceId().toStringUtf8() + s.getSpanId().toStringUtf8(), s));
        List<Span> agentRoots = spans(false).stream().filter(s -> s.getName().equals("POST /chat")).toList();
        long turns = run.summary().steps().stream().mapToLong(Summary.StepLine::count).sum();
        assertThat(client).hasSize((int) turns);
        assertThat(agentRoots).hasSize((int) turns).allSatisfy(root -> {
            Span parent = client.get(root.getTraceId().toStringUtf8() + root.getParentSpanId().toStringUtf8());
            assertThat(parent).as("Stampede's span of the turn").isNotNull();
            assertThat(parent.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
            assertThat(parent.getStartTimeUnixNano()).isLessThanOrEqualTo(root.getStartTimeUnixNano());
            assertThat(parent.getAttributesList()).extracting(KeyValue::getKey)
                    .contains("gen_ai.operation.name", "stampede.user", "stampede.step", "stampede.turn");
        });
    }

    @Test
    void theNodeViewShowsTheNestingAgentLlmTool() {
        Map<String, String> parent = new HashMap<>();
        run.summary().nodes().forEach(n -> parent.put(n.name(), n.parent()));
        assertThat(parent).containsEntry("agent", null).containsEntry("llm_call", "agent")
                .containsEntry("tool_call", "llm_call").containsEntry("rag", "agent").containsEntry("memory", "agent");
    }

    @Test
    void spanThresholdsAndNodeEventsWorkAsForTraceArrays() throws IOException {
        assertThat(run.summary().thresholds()).singleElement().satisfies(t -> {
            assertThat(t.metric()).isEqualTo("node.tool_call.p95_latency");
            assertThat(t.passed()).isTrue();
        });
        List<String> events = Files.readAllLines(run.folder().resolve("events.jsonl"));
        assertThat(events).anySatisfy(line -> assertThat(line).contains("\"node\":\"tool_call\"", "\"name\":\"get_refund_policy\"",
                "\"step\":\"ask_refund\""));
        assertThat(Files.readString(run.folder().resolve("latency.hlog"))).contains("Tag=node:tool_call");
    }

    /** What the agent sent, as the team's collector got it, by the node each span is (test's own reading of the demo's spans). */
    private static Map<String, List<Span>> spansByNode() {
        Map<String, List<Span>> byNode = new HashMap<>();
        for (Span span : spans(false)) {
            String node = nodeOf(span);
            if (node != null) {
                byNode.computeIfAbsent(node, k -> new ArrayList<>()).add(span);
            }
        }
        return byNode;
    }

    /** Every span the collector got: Stampede's own, or the agent's. */
    private static List<Span> spans(boolean stampedes) {
        List<Span> out = new ArrayList<>();
        for (byte[] body : collected) {
            for (ResourceSpans rs : decode(body).getResourceSpansList()) {
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    if (ss.getScope().getName().equals(SpanRuns.OWN_SCOPE) == stampedes) {
                        out.addAll(ss.getSpansList());
                    }
                }
            }
        }
        return out;
    }

    private static String nodeOf(Span span) {
        Map<String, String> attributes = new HashMap<>();
        for (KeyValue kv : span.getAttributesList()) {
            attributes.put(kv.getKey(), kv.getValue().getStringValue());
        }
        String op = attributes.getOrDefault("gen_ai.operation.name", "");
        return switch (op) {
            case "chat" -> "llm_call";
            case "execute_tool" -> "tool_call";
            case "invoke_agent" -> "agent";
            default -> "RETRIEVER".equals(attributes.get("openinference.span.kind")) ? "rag"
                    : "memory".equals(attributes.get("demo.node")) ? "memory" : null;
        };
    }

    private static ExportTraceServiceRequest decode(byte[] gzipped) {
        try {
            return ExportTraceServiceRequest.parseFrom(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzipped)));
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
}
