package io.stampede.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.stampede.metrics.MetricsSnapshot;
import io.stampede.scenario.Scenario;
import io.stampede.scenario.ScenarioLoader;
import io.stampede.scenario.ScenarioSource;
import io.stampede.secret.Secrets;
import io.stampede.testkit.RealCluster;
import io.stampede.wire.IntervalReport;
import io.stampede.wire.NodeEvent;
import io.stampede.wire.WireCodec;
import io.vertx.core.Vertx;

/**
 * The agent's spans may echo what Stampede sent it: a run's secret in a span's name, status
 * message or the attributes that name a node (tool, model, agent, error type) — as is,
 * URL-encoded, in base64 or cut short — is masked before it becomes a failure reason or an
 * event. Checked on the wire bytes of the reports the run gets from its spans, which are all
 * that results, feed and API are made of.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AgentSpanSecretsTest {
    private static final String SECRET = "sk-agent-4417 \"q+x\"";
    private static final String PROTOBUF = "application/x-protobuf";
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
    void noReportOfTheAgentsSpansHoldsARunSecretInAReasonAnEventOrAName() throws Exception {
        Scenario scenario = ScenarioLoader.load(new ScenarioSource(RealCluster.resource("otlp/secret-agent.yaml"),
                "secret-agent.yaml", null, Map.of("AGENT_KEY", SECRET), null));
        assertThat(scenario.secrets().values()).contains(SECRET);
        long seed = 0x5ec7L;
        RunSpans run = runs.open(seed, "r-secret", scenario);
        String encoded = URLEncoder.encode(SECRET, StandardCharsets.UTF_8);
        String base64 = Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));
        List<Span> spans = List.of(
                Otlp.span(seed, 1, 1, 1, 2, 1, "tool", 20_000).addAttributes(Otlp.attribute("gen_ai.operation.name", "execute_tool"))
                        .addAttributes(Otlp.attribute("gen_ai.tool.name", "lookup " + SECRET))
                        .setStatus(error("401: Authorization: Bearer " + SECRET)).build(),
                Otlp.span(seed, 1, 1, 1, 3, 1, "chat", 30_000).addAttributes(Otlp.attribute("gen_ai.operation.name", "chat"))
                        .addAttributes(Otlp.attribute("gen_ai.request.model", "model-" + base64))
                        .addAttributes(Otlp.attribute("error.type", "bad key " + SECRET)).setStatus(error("")).build(),
                Otlp.span(seed, 1, 1, 1, 4, 1, "GET /search?api_key=" + encoded, 5_000)
                        .addAttributes(Otlp.attribute("db.system.name", "postgresql"))
                        .setStatus(error("x".repeat(190) + SECRET + " and more after the cut")).build(),
                Otlp.span(seed, 1, 1, 1, 1, 0, "agent", 60_000).addAttributes(Otlp.attribute("gen_ai.operation.name", "invoke_agent"))
                        .addAttributes(Otlp.attribute("gen_ai.agent.name", "agent of " + SECRET)).build());

        assertThat(Otlp.post(receiver.port(), "/v1/traces", PROTOBUF, null, Otlp.request("agent", spans).toByteArray())
                .statusCode()).isEqualTo(200);
        IntervalReport interval = run.cut(false);
        IntervalReport last = run.cut(true);

        for (IntervalReport report : List.of(interval, last)) {
            String wire = new String(WireCodec.encode(report), StandardCharsets.UTF_8);
            for (String form : Secrets.formsOf(SECRET)) {
                assertThat(wire).as("a report's wire bytes, for %s", form).doesNotContain(form);
            }
            assertThat(wire).doesNotContain("sk-agent").contains(Secrets.MASK);
        }
        MetricsSnapshot totals = last.cumulative().toSnapshot();
        assertThat(totals.keys().get("node:tool_call").failures()).containsOnlyKeys("401: Authorization: ***"); // the whole header value is a secret
        assertThat(totals.keys().get("node:llm_call").failures()).containsOnlyKeys("bad key ***");
        assertThat(totals.keys().get("node:database").failures()).as("cut inside the secret")
                .containsOnlyKeys("x".repeat(190) + "***" + Secrets.CUT);
        assertThat(interval.events()).extracting(NodeEvent::node, NodeEvent::name).containsExactlyInAnyOrder(
                org.assertj.core.api.Assertions.tuple("tool_call", "lookup ***"),
                org.assertj.core.api.Assertions.tuple("llm_call", "model-***=="), // base64 padding is no secret
                org.assertj.core.api.Assertions.tuple("database", "GET /search?api_key=***"),
                org.assertj.core.api.Assertions.tuple("agent", "agent of ***"));
    }

    private static Status error(String message) {
        return Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage(message).build();
    }
}
