package io.stampede.clientspan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.stampede.secret.Secrets;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * {@code --otlp-export} sends spans out of the system, to the team's collector: a secret of the
 * run in the model, the step or a failure's detail (an expected text quoted, an error body
 * echoing a header, as is or encoded, or cut short) leaves as {@value Secrets#MASK}. Checked on
 * the bytes a real loopback collector received.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClientSpansSecretsTest {
    private static final String SECRET = "sk-export-7731 \"q+x\"";
    private static final String TRACEPARENT = "00-5eed5eed5eed5eed0000000300010002-00000000000000a1-01";

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void noExportedSpanHoldsASecretInItsNameModelStepOrStatus() throws Exception {
        List<byte[]> bodies = new CopyOnWriteArrayList<>();
        HttpServer collector = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            bodies.add(body.getBytes());
            req.response().setStatusCode(200).end();
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        String url = "http://127.0.0.1:" + collector.actualPort() + "/v1/traces";
        ClientSpans spans = new ClientSpans(vertx, url, "w1-0", Secrets.of(List.of(SECRET)));
        String base64 = Base64.getEncoder().encodeToString(("Bearer " + SECRET).getBytes(StandardCharsets.UTF_8));

        spans.add(exchange("model-" + SECRET, "ask " + SECRET, "reply does not contain \"" + SECRET + "\""));
        spans.add(exchange("model-" + SECRET, "ask " + SECRET, "HTTP 401: {\"echo\":\"" + SECRET.replace("\"", "\\\"")
                + "\",\"auth\":\"" + base64 + "\"}"));
        spans.add(exchange("model-" + SECRET, "ask " + SECRET, "agent said: " + SECRET.substring(0, 9) + Secrets.CUT));
        spans.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(bodies).hasSize(1);
        byte[] plain = gunzip(bodies.get(0));
        String wire = new String(plain, StandardCharsets.UTF_8);
        for (String form : Secrets.formsOf(SECRET)) {
            assertThat(wire).as("the exported bytes, for %s", form).doesNotContain(form);
        }
        assertThat(wire).doesNotContain("sk-export");
        List<Span> exported = ExportTraceServiceRequest.parseFrom(plain).getResourceSpans(0).getScopeSpans(0).getSpansList();
        assertThat(exported).hasSize(3).allSatisfy(span -> {
            assertThat(span.getName()).isEqualTo("chat model-***");
            assertThat(attribute(span, "gen_ai.request.model")).isEqualTo("model-***");
            assertThat(attribute(span, "stampede.step")).isEqualTo("ask ***");
        });
        // "Bearer " in base64 is no secret; the part that encodes the secret, at its alignment, is masked.
        assertThat(exported).extracting(span -> span.getStatus().getMessage()).containsExactly(
                "reply does not contain \"***\"", "HTTP 401: {\"echo\":\"***\",\"auth\":\"QmVhcmVyIH***\"}", "agent said: ***" + Secrets.CUT);
    }

    private static Exchange exchange(String model, String step, String error) {
        long now = System.nanoTime();
        return new Exchange(TRACEPARENT, "r1", step, "chat", model, now - 5_000_000, now, false, error, -1, 10, 20, 3, 1, 2);
    }

    private static String attribute(Span span, String key) {
        return span.getAttributesList().stream().filter(kv -> kv.getKey().equals(key)).map(KeyValue::getValue)
                .map(v -> v.getStringValue()).findFirst().orElse(null);
    }

    private static byte[] gunzip(byte[] gzipped) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return in.readAllBytes();
        }
    }
}
