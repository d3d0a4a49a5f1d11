package io.stampede.cli;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.protobuf.ByteString;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.stampede.json.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;

/**
 * The worst agent for secrets: it answers every request with everything it was sent — method,
 * path and query, every header, the body — as its reply, in the reply's intent, in a tool call
 * and in a failed trace node named after the path, so whatever reached the target can come back
 * as reply text, failure reasons, event details and metric keys. On loopback.
 *
 * <p>Given an OTLP port, it also reports each request as OpenTelemetry spans of the trace its
 * {@code traceparent} names, before it answers, echoing the same things where the coordinator
 * reads span text: span names, status messages (as is and in base64), and the tool, model, agent
 * and error-type attributes.
 */
final class EchoAgent implements AutoCloseable {
    private final Vertx vertx;
    private final HttpServer server;
    private final AtomicInteger spansTaken;

    private EchoAgent(Vertx vertx, HttpServer server, AtomicInteger spansTaken) {
        this.vertx = vertx;
        this.server = server;
        this.spansTaken = spansTaken;
    }

    static EchoAgent start() throws Exception {
        return start(0);
    }

    /** @param otlpPort the coordinator's OTLP receiver on loopback, or 0 to send no spans */
    static EchoAgent start(int otlpPort) throws Exception {
        Vertx vertx = Vertx.vertx();
        HttpClient client = vertx.createHttpClient();
        AtomicInteger taken = new AtomicInteger();
        HttpServer server = Await.result(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            List<String> headers = new ArrayList<>();
            req.headers().forEach(h -> headers.add(h.getKey() + ": " + h.getValue()));
            String seen = req.method() + " " + req.uri() + " | " + String.join(" | ", headers) + " | " + body.toString();
            Map<String, Object> answer = Map.of(
                    "reply", "you sent: " + seen,
                    "intent", "echo " + req.uri(),
                    "tools_called", List.of(Map.of("name", "echo", "args", Map.of("seen", seen))),
                    "trace", List.of(Map.of("node", "tool_call", "name", "echo " + req.uri(), "status", "error",
                            "error", "could not handle " + seen, "latency_ms", 1)));
            Future<?> spans = otlpPort > 0 && req.getHeader("traceparent") != null
                    ? sendSpans(client, otlpPort, req, seen, body.toString(), taken) : Future.succeededFuture();
            spans.onComplete(done -> req.response().setStatusCode(200).putHeader("content-type", "application/json")
                    .end(Json.text(answer)));
        })).listen(0, "127.0.0.1"), Duration.ofSeconds(10));
        return new EchoAgent(vertx, server, taken);
    }

    int port() {
        return server.actualPort();
    }

    /** Spans the receiver answered 200. */
    int spansTaken() {
        return spansTaken.get();
    }

    private static Future<?> sendSpans(HttpClient client, int otlpPort, HttpServerRequest req, String seen, String body,
                                       AtomicInteger taken) {
        String traceparent = req.getHeader("traceparent");
        ByteString traceId = ByteString.copyFrom(HexFormat.of().parseHex(traceparent, 3, 35));
        ByteString parent = ByteString.copyFrom(HexFormat.of().parseHex(traceparent, 36, 52));
        String authorization = String.valueOf(req.getHeader("authorization"));
        long start = System.currentTimeMillis() * 1_000_000L;
        ByteString agent = spanId();
        List<Span> spans = List.of(
                span(traceId, agent, parent, "POST " + req.uri(), start, Status.StatusCode.STATUS_CODE_OK, "",
                        attribute("gen_ai.operation.name", "invoke_agent"), attribute("gen_ai.agent.name", "agent for " + authorization)),
                span(traceId, spanId(), agent, "echo " + req.uri(), start, Status.StatusCode.STATUS_CODE_ERROR, "could not handle " + seen,
                        attribute("gen_ai.operation.name", "execute_tool"), attribute("gen_ai.tool.name", "echo " + seen)),
                span(traceId, spanId(), agent, "chat " + authorization, start, Status.StatusCode.STATUS_CODE_ERROR, "",
                        attribute("gen_ai.operation.name", "chat"), attribute("gen_ai.request.model", authorization),
                        attribute("error.type", body)),
                span(traceId, spanId(), agent, "query " + req.uri(), start, Status.StatusCode.STATUS_CODE_ERROR,
                        Base64.getEncoder().encodeToString(seen.getBytes(StandardCharsets.UTF_8)),
                        attribute("db.system.name", "postgresql")));
        ExportTraceServiceRequest export = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName("echo-agent"))
                        .addAllSpans(spans))).build();
        return client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(otlpPort)
                        .setURI("/v1/traces").putHeader("content-type", "application/x-protobuf"))
                .compose(r -> r.send(Buffer.buffer(export.toByteArray())))
                .onSuccess(r -> {
                    if (r.statusCode() == 200) {
                        taken.addAndGet(spans.size());
                    }
                });
    }

    private static Span span(ByteString traceId, ByteString id, ByteString parent, String name, long start,
                             Status.StatusCode status, String message, KeyValue... attributes) {
        return Span.newBuilder().setTraceId(traceId).setSpanId(id).setParentSpanId(parent).setName(name)
                .setStartTimeUnixNano(start).setEndTimeUnixNano(start + 1_000_000)
                .setStatus(Status.newBuilder().setCode(status).setMessage(message)).addAllAttributes(List.of(attributes)).build();
    }

    private static ByteString spanId() {
        return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(ThreadLocalRandom.current().nextLong() | 1).array());
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    @Override
    public void close() throws Exception {
        Await.result(vertx.close(), Duration.ofSeconds(10));
    }
}
