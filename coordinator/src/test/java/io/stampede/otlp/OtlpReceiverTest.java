package io.stampede.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.google.protobuf.CodedInputStream;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.stampede.metrics.KeyStats;
import io.stampede.metrics.MetricsSnapshot;
import io.stampede.scenario.Scenario;
import io.stampede.scenario.ScenarioLoader;
import io.stampede.scenario.ScenarioSource;
import io.stampede.testkit.RealCluster;
import io.stampede.wire.IntervalReport;
import io.stampede.wire.NodeEvent;
import io.vertx.core.Vertx;

/** The receiver on a real loopback port, spoken to as an exporter does: what it takes, what it refuses, and why. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OtlpReceiverTest {
    private static final String PROTOBUF = "application/x-protobuf";
    private static final String JSON = "application/json";
    private static Vertx vertx;
    private static SpanRuns runs;
    private static OtlpReceiver receiver;
    private static Scenario scenario;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        runs = new SpanRuns();
        receiver = RealCluster.await(OtlpReceiver.start(vertx, runs, new OtlpOptions().port(0).maxBodyBytes(1 << 20)));
        scenario = ScenarioLoader.load(new ScenarioSource(RealCluster.resource("otlp/two-turns.yaml"), "two-turns.yaml", null,
                Map.of(), null));
    }

    @AfterAll
    static void stop() {
        RealCluster.await(vertx.close());
    }

    @Test
    void protobufAndGzipBodiesBecomeNodesOfTheirRunUserAndTurn() throws Exception {
        long seed = 0x1234L;
        RunSpans run = runs.open(seed, "r-proto", scenario);
        List<Span> spans = List.of(
                Otlp.span(seed, 3, 1, 2, 11, 10, "chat", 120_000).addAttributes(Otlp.attribute("gen_ai.operation.name", "chat"))
                        .addAttributes(Otlp.attribute("gen_ai.request.model", "m1")).build(),
                Otlp.span(seed, 3, 1, 2, 12, 11, "lookup", 40_000).addAttributes(Otlp.attribute("gen_ai.operation.name", "execute_tool"))
                        .addAttributes(Otlp.attribute("gen_ai.tool.name", "lookup_order"))
                        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("timeout")).build(),
                Otlp.span(seed, 3, 1, 2, 10, 0, "GuardrailCheck", 5_000).build(),
                Otlp.span(seed, 3, 1, 2, 13, 10, "GET /health", 1_000).build());
        byte[] body = Otlp.request("agent", spans).toByteArray();

        HttpResponse<byte[]> plain = Otlp.post(receiver.port(), "/v1/traces", PROTOBUF, null, body);
        HttpResponse<byte[]> gzipped = Otlp.post(receiver.port(), "/v1/traces", PROTOBUF, "gzip", Otlp.gzip(body));

        for (HttpResponse<byte[]> response : List.of(plain, gzipped)) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValue(PROTOBUF);
            assertThat(ExportTraceServiceResponse.parseFrom(response.body()).hasPartialSuccess()).isFalse();
        }
        IntervalReport last = run.cut(true);
        MetricsSnapshot totals = last.cumulative().toSnapshot();
        KeyStats tools = totals.keys().get("node:tool_call");
        assertThat(tools.count()).isEqualTo(2);
        assertThat(tools.errors()).isEqualTo(2);
        assertThat(tools.failures()).containsEntry("timeout", 2L);
        assertThat(tools.latency().getMaxValue()).isBetween(39_900L, 40_100L);
        assertThat(totals.keys().get("node:llm_call").count()).isEqualTo(2);
        assertThat(totals.keys().get("node:guard").count()).as("named by the scenario's rule").isEqualTo(2);
        assertThat(totals.keys()).containsKeys("nest:guard>llm_call", "nest:llm_call>tool_call").doesNotContainKey("node:unknown");
        assertThat(last.events()).filteredOn(e -> e.node().equals("tool_call")).first().satisfies(e -> {
            assertThat(e.userId()).isEqualTo(3);
            assertThat(e.iteration()).isEqualTo(1);
            assertThat(e.step()).isEqualTo("second_turn");
            assertThat(e.name()).isEqualTo("lookup_order");
            assertThat(e.error()).isEqualTo("timeout");
        });
        assertThat(run.counts()).containsExactly(6, 2);
    }

    @Test
    void otlpJsonWithHexIdsIsReadLikeProtobufAndAnsweredInJson() throws Exception {
        RunSpans run = runs.open(Otlp.SEED, "r-json", scenario);
        byte[] body = RealCluster.resource("otlp/one-turn.json").getBytes(StandardCharsets.UTF_8);

        HttpResponse<byte[]> response = Otlp.post(receiver.port(), "/v1/traces", JSON + "; charset=utf-8", null, body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
        IntervalReport last = run.cut(true);
        MetricsSnapshot totals = last.cumulative().toSnapshot();
        KeyStats llm = totals.keys().get("node:llm_call");
        assertThat(llm.count()).isEqualTo(1);
        assertThat(llm.errors()).isEqualTo(1);
        assertThat(llm.inputTokens()).isEqualTo(40);
        assertThat(llm.outputTokens()).isEqualTo(2);
        assertThat(llm.latency().getMaxValue()).isBetween(119_900L, 120_100L);
        assertThat(totals.keys().get("node:agent").latency().getMaxValue()).isBetween(249_800L, 250_200L);
        assertThat(totals.keys()).containsKey("nest:agent>llm_call");
        assertThat(last.events()).extracting(NodeEvent::userId, NodeEvent::iteration, NodeEvent::step)
                .containsOnly(org.assertj.core.api.Assertions.tuple(7, 2, "first_turn"));
    }

    @Test
    void badPayloadsAreAnswered400WithAReasonAndChangeNothing() throws Exception {
        RunSpans run = runs.open(0x77L, "r-bad", scenario);
        byte[] good = Otlp.request("agent", List.of(Otlp.span(0x77L, 1, 1, 1, 5, 0, "chat", 1000)
                .addAttributes(Otlp.attribute("gen_ai.operation.name", "chat")).build())).toByteArray();
        byte[] cut = java.util.Arrays.copyOf(good, good.length - 3);

        assertRefused(Otlp.post(receiver.port(), "/v1/traces", PROTOBUF, null, cut), 400, "not an OTLP protobuf");
        assertRefused(Otlp.post(receiver.port(), "/v1/traces", PROTOBUF, "gzip", good), 400, "not gzip");
        assertRefused(Otlp.post(receiver.port(), "/v1/traces", JSON, null, "{\"resourceSpans\": [".getBytes()), 400, "not JSON");
        assertRefused(Otlp.post(receiver.port(), "/v1/traces", JSON, null,
                "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"traceId\": \"zz\"}]}]}]}".getBytes()), 400, "not hex");
        assertRefused(Otlp.post(receiver.port(), "/v1/traces", JSON, null, "{\"resourceSpans\": 3}".getBytes()), 400,
                "not OTLP/JSON");

        assertThat(Otlp.post(receiver.port(), "/v1/traces", PROTOBUF, null, good).statusCode()).as("still taking spans").isEqualTo(200);
        assertThat(run.cut(true).cumulative().toSnapshot().keys().get("node:llm_call").count()).isEqualTo(1);
    }

    @Test
    void otherPathsMethodsTypesEncodingsAndSizesAreRefusedWithTheirStatus() throws Exception {
        byte[] body = Otlp.request("agent", List.of()).toByteArray();
        assertRefused(Otlp.post(receiver.port(), "/v1/metrics", PROTOBUF, null, body), 404, "traces only");
        assertRefused(Otlp.post(receiver.port(), "/v1/traces", "text/plain", null, body), 415, "Content-Type must be");
        assertRefused(Otlp.post(receiver.port(), "/v1/traces", PROTOBUF, "br", body), 415, "gzip or none");
        assertRefused(Otlp.post(receiver.port(), "/v1/traces", PROTOBUF, null, new byte[(1 << 20) + 1]), 413, "over 1 MiB");
        assertRefused(Otlp.post(receiver.port(), "/v1/traces", PROTOBUF, "gzip", Otlp.gzip(new byte[4 << 20])), 413,
                "unfolds past 1 MiB");
        java.net.http.HttpResponse<byte[]> get = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://127.0.0.1:" + receiver.port() + "/v1/traces")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(get.statusCode()).isEqualTo(405);
    }

    @Test
    void spansOfTracesNoRunMadeAreCountedAndDroppedAndStampedesOwnAreSkipped() {
        long unknownBefore = runs.unknown();
        long matchedBefore = runs.matched();
        byte[] foreign = Otlp.request("agent", List.of(Otlp.span(0xabcdefL, 1, 1, 1, 5, 0, "chat", 1000).build(),
                Otlp.span(0xabcdefL, 1, 1, 1, 6, 0, "chat", 1000).build())).toByteArray();
        RunSpans run = runs.open(0x99L, "r-own", scenario);
        byte[] own = Otlp.request(SpanRuns.OWN_SCOPE, List.of(Otlp.span(0x99L, 1, 1, 1, 5, 0, "chat demo-gpt", 1000)
                .addAttributes(Otlp.attribute("gen_ai.operation.name", "chat")).build())).toByteArray();

        assertThat(Otlp.post(receiver.port(), "/v1/traces", PROTOBUF, null, foreign).statusCode()).isEqualTo(200);
        assertThat(Otlp.post(receiver.port(), "/v1/traces", PROTOBUF, null, own).statusCode()).isEqualTo(200);

        assertThat(runs.unknown() - unknownBefore).isEqualTo(2);
        assertThat(runs.matched() - matchedBefore).isZero();
        assertThat(run.cut(true).cumulative().keys()).isEmpty();
    }

    @Test
    void spansOfAClosedRunCountAsLate() {
        runs.open(0x55L, "r-late", scenario).cut(true);
        runs.close(0x55L);
        long before = runs.late();
        byte[] late = Otlp.request("agent", List.of(Otlp.span(0x55L, 1, 1, 1, 5, 0, "chat", 1000).build())).toByteArray();
        assertThat(Otlp.post(receiver.port(), "/v1/traces", PROTOBUF, null, late).statusCode()).isEqualTo(200);
        assertThat(runs.late() - before).isEqualTo(1);
    }

    @Test
    void aFloodPastThePendingBudgetIsPutOffWith503AndRetryAfterAndTheBudgetComesBack() throws Exception {
        OtlpReceiver small = RealCluster.await(OtlpReceiver.start(vertx, runs, new OtlpOptions().port(0).maxPendingBytes(256 * 1024)));
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < 512; i++) {
            spans.add(Otlp.span(0x4242L, i, 1, 1, i + 1, 0, "chat", 1000).addAttributes(Otlp.attribute("gen_ai.operation.name", "chat"))
                    .addAttributes(Otlp.attribute("gen_ai.prompt", "x".repeat(200))).build());
        }
        byte[] body = Otlp.request("agent", spans).toByteArray();
        List<CompletableFuture<Integer>> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sent.add(CompletableFuture.supplyAsync(() -> {
                HttpResponse<byte[]> r = Otlp.post(small.port(), "/v1/traces", PROTOBUF, null, body);
                if (r.statusCode() == 503) {
                    assertThat(r.headers().firstValue("retry-after")).hasValue("1");
                }
                return r.statusCode();
            }));
        }
        List<Integer> statuses = sent.stream().map(CompletableFuture::join).toList();
        assertThat(statuses).containsOnly(200, 503).contains(200, 503);
        assertThat(small.pendingBytes()).isZero();
        assertThat(Otlp.post(small.port(), "/v1/traces", PROTOBUF, null, body).statusCode()).isEqualTo(200);
        RealCluster.await(small.close());
    }

    private static void assertRefused(HttpResponse<byte[]> response, int status, String says) throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        String message = response.headers().firstValue("content-type").orElse("").startsWith(JSON)
                ? new String(response.body(), StandardCharsets.UTF_8) : statusMessage(response.body());
        assertThat(message).contains(says);
    }

    /** The message of a google.rpc.Status (field 2). */
    private static String statusMessage(byte[] body) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(body);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag >>> 3 == 2) {
                return in.readString();
            }
            in.skipField(tag);
        }
        return "";
    }
}
