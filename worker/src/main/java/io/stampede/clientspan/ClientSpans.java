package io.stampede.clientspan;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.protobuf.ByteString;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.stampede.secret.Secrets;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Stampede's own client span of each exchange, exported over OTLP/HTTP ({@code --otlp-export})
 * so the team's Jaeger or Tempo shows the simulated user's request as the parent of the agent's
 * spans: the span has the trace id and span id of the {@code traceparent} the request carried,
 * starts at the step's intended send time (Stampede's latency counts from there) and ends with
 * the answer, with what Stampede saw as attributes (operation, model, tokens, TTFT, user,
 * conversation, turn, step) and the step's failure as its status.
 *
 * <p>These spans leave the system for the team's collector, so the text they carry from the run
 * (the model, the step, the failure's detail, which may quote an expected text or the agent's
 * error body) is masked with the run's {@link Secrets} here, where it becomes span text.
 *
 * <p>One per lane, on its event loop: spans are added as steps complete and sent once a second
 * in one gzip protobuf request, at most {@link #MAX_PER_SECOND} (more are counted, not sent).
 * An export that fails is logged once a minute and not retried: it never holds up a user.
 * The scope is {@value #SCOPE}, which Stampede's own receiver skips.
 */
public final class ClientSpans {
    private static final Logger LOG = LoggerFactory.getLogger(ClientSpans.class);
    public static final String SCOPE = "io.stampede";
    static final int MAX_PER_SECOND = 10_000;
    private static final long LOG_EVERY_MS = 60_000;

    private final Vertx vertx;
    private final HttpClient client;
    private final String url;
    private final Resource resource;
    private final Secrets secrets;
    /** The last model and step masked, and how: they repeat from one span to the next. */
    private String model;
    private String maskedModel;
    private String step;
    private String maskedStep;
    private final long epochBaseNanos;
    private final long nanoBase;
    private ScopeSpans.Builder pending = scope();
    private final long timer;
    private long dropped;
    private long failed;
    private long lastLogMs;

    /** Call on the lane's context: the flush timer runs there. @param secrets the run's, masked in every span */
    public ClientSpans(Vertx vertx, String url, String workerId, Secrets secrets) {
        this.vertx = vertx;
        this.url = url;
        this.secrets = secrets;
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5000).setIdleTimeout(30));
        this.resource = Resource.newBuilder().addAttributes(text("service.name", "stampede"))
                .addAttributes(text("stampede.worker", workerId)).build();
        this.epochBaseNanos = System.currentTimeMillis() * 1_000_000L;
        this.nanoBase = System.nanoTime();
        this.timer = vertx.setPeriodic(1000, id -> flush());
    }

    public void add(Exchange e) {
        if (pending.getSpansCount() >= MAX_PER_SECOND) {
            dropped++;
            return;
        }
        String model = maskedModel(e.model());
        String step = maskedStep(e.step());
        Span.Builder span = Span.newBuilder()
                .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(e.traceparent(), 3, 35)))
                .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex(e.traceparent(), 36, 52)))
                .setName(e.operation() != null && model != null ? e.operation() + " " + model : step)
                .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                .setStartTimeUnixNano(epochNanos(e.intendedNanos()))
                .setEndTimeUnixNano(epochNanos(Math.max(e.intendedNanos(), e.endNanos())))
                .addAttributes(text("stampede.run_id", e.runId())).addAttributes(text("stampede.step", step))
                .addAttributes(number("stampede.user", e.user())).addAttributes(number("stampede.conversation", e.conversation()))
                .addAttributes(number("stampede.turn", e.turn()));
        if (e.operation() != null) {
            span.addAttributes(text("gen_ai.operation.name", e.operation()));
        }
        if (model != null) {
            span.addAttributes(text("gen_ai.request.model", model));
        }
        if (e.inputTokens() + e.outputTokens() > 0) {
            span.addAttributes(number("gen_ai.usage.input_tokens", e.inputTokens()))
                    .addAttributes(number("gen_ai.usage.output_tokens", e.outputTokens()));
        }
        if (e.ttftMicros() >= 0) {
            span.addAttributes(KeyValue.newBuilder().setKey("stampede.ttft_ms")
                    .setValue(AnyValue.newBuilder().setDoubleValue(e.ttftMicros() / 1000.0)));
        }
        if (!e.ok()) {
            span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)
                    .setMessage(e.error() == null ? "step failed" : secrets.mask(e.error())));
        }
        pending.addSpans(span);
    }

    private String maskedModel(String value) {
        if (value != null && !value.equals(model)) {
            model = value;
            maskedModel = secrets.mask(value);
        }
        return value == null ? null : maskedModel;
    }

    private String maskedStep(String value) {
        if (value != null && !value.equals(step)) {
            step = value;
            maskedStep = secrets.mask(value);
        }
        return value == null ? null : maskedStep;
    }

    /** Sends what was added since the last flush, if anything; completes when it was answered (or failed). */
    public Future<Void> flush() {
        if (pending.getSpansCount() == 0) {
            return Future.succeededFuture();
        }
        byte[] body = gzip(ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(pending)).build().toByteArray());
        pending = scope();
        return client.request(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url).setTimeout(10_000)
                        .putHeader("content-type", "application/x-protobuf").putHeader("content-encoding", "gzip"))
                .compose(request -> request.send(Buffer.buffer(body)))
                .<Void>transform(ar -> {
                    if (ar.failed() || ar.result().statusCode() / 100 != 2) {
                        failed++;
                        warn(ar.failed() ? ar.cause().getMessage() : "HTTP " + ar.result().statusCode());
                    }
                    return Future.succeededFuture();
                });
    }

    /** The last flush, then no more; completes when it was answered. */
    public Future<Void> close() {
        vertx.cancelTimer(timer);
        if (dropped > 0) {
            LOG.warn("--otlp-export: {} client spans over {} a second per lane were not exported", dropped, MAX_PER_SECOND);
        }
        return flush().eventually(client::close);
    }

    private void warn(String why) {
        long now = System.currentTimeMillis();
        if (now - lastLogMs > LOG_EVERY_MS) {
            lastLogMs = now;
            LOG.warn("--otlp-export to {} failed ({}); {} exports failed so far", url, why, failed);
        }
    }

    private long epochNanos(long nanoTime) {
        return epochBaseNanos + (nanoTime - nanoBase);
    }

    private static ScopeSpans.Builder scope() {
        return ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName(SCOPE));
    }

    private static KeyValue text(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value == null ? "" : value)).build();
    }

    private static KeyValue number(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
