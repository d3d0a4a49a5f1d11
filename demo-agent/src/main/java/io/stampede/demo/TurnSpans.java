package io.stampede.demo;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.vertx.core.http.HttpServerRequest;

/**
 * The OpenTelemetry-instrumented mode: instead of a trace array in its replies, the agent
 * reports each turn of {@code POST /chat} as spans, exported over OTLP/HTTP (protobuf, gzip)
 * by the real OpenTelemetry Java SDK, the way an instrumented agent in production does:
 *
 * <pre>
 * POST /chat (server, child of the caller's traceparent)
 *   invoke_agent support-agent          gen_ai.operation.name=invoke_agent
 *     load_history                      demo.node=memory (no convention: a scenario maps it)
 *     chat demo-gpt (classify_intent)   gen_ai.operation.name=chat, usage tokens
 *       execute_tool lookup_order       gen_ai.operation.name=execute_tool, gen_ai.tool.name
 *     kb_search                         openinference.span.kind=RETRIEVER
 *     chat demo-gpt (compose_reply)     gen_ai.operation.name=chat, usage tokens
 *     save_history                      demo.node=memory
 * </pre>
 *
 * Each node's span lasts exactly its simulated latency, one after the other from the
 * request's arrival, so a test can compare what Stampede measured with what was sent. Spans
 * are made when the answer goes out (as a real agent's end then), and a failed node's span
 * has status ERROR.
 */
final class TurnSpans {
    static final String AGENT_NAME = "support-agent";
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    private static final AttributeKey<String> MODEL = AttributeKey.stringKey("gen_ai.request.model");
    private static final AttributeKey<String> TOOL = AttributeKey.stringKey("gen_ai.tool.name");
    private static final AttributeKey<String> AGENT = AttributeKey.stringKey("gen_ai.agent.name");
    private static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    private static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    private static final AttributeKey<String> OPEN_INFERENCE = AttributeKey.stringKey("openinference.span.kind");
    private static final AttributeKey<String> DEMO_NODE = AttributeKey.stringKey("demo.node");
    private static final TextMapGetter<HttpServerRequest> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpServerRequest request) {
            return request.headers().names();
        }

        @Override
        public String get(HttpServerRequest request, String key) {
            return request == null ? null : request.getHeader(key);
        }
    };

    private final SdkTracerProvider provider;
    private final Tracer tracer;

    /** @param endpoint the collector's base URL, as OTEL_EXPORTER_OTLP_ENDPOINT (e.g. http://127.0.0.1:4318) */
    TurnSpans(String endpoint) {
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(endpoint.replaceAll("/+$", "") + "/v1/traces")
                .setCompression("gzip")
                .build();
        // A short delay so a test's spans arrive soon after its turns; batches of 512 as the SDK's default.
        BatchSpanProcessor batches = BatchSpanProcessor.builder(exporter).setScheduleDelay(200, TimeUnit.MILLISECONDS)
                .setMaxExportBatchSize(512).setMaxQueueSize(65_536).build();
        provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"),
                        "stampede-demo-agent"))))
                .addSpanProcessor(batches)
                .build();
        tracer = provider.get("io.stampede.demo");
    }

    /** The spans of one turn that arrived at {@code arrived} on {@code request}, now that its answer goes out. */
    void emit(Turn turn, HttpServerRequest request, Instant arrived) {
        Context caller = W3CTraceContextPropagator.getInstance().extract(Context.root(), request, HEADERS);
        long start = arrived.getEpochSecond() * 1_000_000_000L + arrived.getNano();
        long end = start + nanos(turn.latencyMs());
        Span server = tracer.spanBuilder("POST /chat").setParent(caller).setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(start, TimeUnit.NANOSECONDS).setAttribute("http.request.method", "POST")
                .setAttribute("url.path", "/chat").setAttribute("http.response.status_code", turn.serverError() ? 500 : 200)
                .startSpan();
        Span agent = child(server, "invoke_agent " + AGENT_NAME, start)
                .setAttribute(OPERATION, "invoke_agent").setAttribute(AGENT, AGENT_NAME);
        long at = start;
        Span classify = null;
        for (TraceNode node : turn.trace()) {
            long nodeEnd = at + nanos(node.latencyMs());
            Span parent = node.node().equals("tool_call") && classify != null ? classify : agent;
            Span span = nodeSpan(parent, node, at);
            if (node.name().equals("classify_intent")) {
                classify = span; // the tool the classification chose runs inside it
            }
            if (TraceNode.ERROR.equals(node.status())) {
                span.setStatus(StatusCode.ERROR, node.name() + " failed");
            }
            span.end(nodeEnd, TimeUnit.NANOSECONDS);
            at = nodeEnd;
        }
        if (turn.serverError()) {
            agent.setStatus(StatusCode.ERROR, "compose_reply failed");
            server.setStatus(StatusCode.ERROR);
        }
        agent.end(end, TimeUnit.NANOSECONDS);
        server.end(end, TimeUnit.NANOSECONDS);
    }

    private Span nodeSpan(Span parent, TraceNode node, long start) {
        Span span = child(parent, node.name(), start);
        switch (node.node()) {
            case "llm_call" -> span.updateName("chat " + Turn.MODEL).setAttribute(OPERATION, "chat").setAttribute(MODEL, Turn.MODEL)
                    .setAttribute("demo.step", node.name())
                    .setAttribute(INPUT_TOKENS, (long) node.tokens()).setAttribute(OUTPUT_TOKENS, 0L);
            case "tool_call" -> span.updateName("execute_tool " + node.name()).setAttribute(OPERATION, "execute_tool")
                    .setAttribute(TOOL, node.name());
            case "rag" -> span.setAttribute(OPEN_INFERENCE, "RETRIEVER");
            default -> span.setAttribute(DEMO_NODE, node.node());
        }
        return span;
    }

    private Span child(Span parent, String name, long start) {
        return tracer.spanBuilder(name).setParent(Context.root().with(parent)).setStartTimestamp(start, TimeUnit.NANOSECONDS)
                .startSpan();
    }

    private static long nanos(double ms) {
        return Math.round(ms * 1_000_000);
    }

    /** Exports what is left and stops the exporter; blocks for at most 10 s. */
    void close() {
        provider.shutdown().join(10, TimeUnit.SECONDS);
    }
}
