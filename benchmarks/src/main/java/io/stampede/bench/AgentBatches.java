package io.stampede.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

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

/**
 * Export requests as an instrumented agent sends them under load: batches of whole turns (a
 * server span, the agent, memory, two model calls with model and token attributes, a tool, a
 * retriever: 7 spans per turn, about 10 attributes each, one in twenty tools failed) of many
 * users, under a resource with the attributes the SDKs add. Trace ids are Stampede's
 * (seed, user, conversation, turn), so they match a run opened with the same seed.
 */
final class AgentBatches {
    static final int SPANS_PER_TURN = 7;

    private AgentBatches() {
    }

    /** A request of {@code spans} spans (rounded down to whole turns) for run {@code seed}. */
    static ExportTraceServiceRequest request(long seed, int spans, int batchNumber) {
        return request(seed, spans, batchNumber, 0);
    }

    /** The same, each model call also carrying a prompt of {@code promptBytes} (instrumentations that record content). */
    static ExportTraceServiceRequest request(long seed, int spans, int batchNumber, int promptBytes) {
        String prompt = promptBytes == 0 ? null : "p".repeat(promptBytes);
        SplittableRandom random = new SplittableRandom(batchNumber);
        ScopeSpans.Builder scope = ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder()
                .setName("opentelemetry.instrumentation.openai").setVersion("0.48.0"));
        long now = System.currentTimeMillis() * 1_000_000L;
        for (int t = 0; t < spans / SPANS_PER_TURN; t++) {
            int user = batchNumber * 100 + t;
            turn(scope, seed, user, 1 + t % 3, 1 + t % 2, now, random, prompt);
        }
        Resource.Builder resource = Resource.newBuilder();
        for (String[] kv : new String[][] {{"service.name", "support-agent"}, {"service.version", "2.3.1"},
                {"telemetry.sdk.language", "python"}, {"telemetry.sdk.name", "opentelemetry"}, {"telemetry.sdk.version", "1.38.0"},
                {"host.name", "agent-7f9c6d-xk2p4"}, {"process.runtime.name", "cpython"}, {"deployment.environment", "load-test"}}) {
            resource.addAttributes(text(kv[0], kv[1]));
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().setResource(resource)
                .addScopeSpans(scope)).build();
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void turn(ScopeSpans.Builder scope, long seed, int user, int conversation, int turn, long now, SplittableRandom r,
                             String prompt) {
        ByteString trace = ByteString.copyFrom(ByteBuffer.allocate(16).putLong(seed).putInt(user).putShort((short) conversation)
                .putShort((short) turn).array());
        long server = r.nextLong();
        long agent = r.nextLong();
        long chat = r.nextLong();
        long start = now - 2_000_000_000L;
        scope.addSpans(span(trace, server, 0, "POST /chat", start, 1_800_000_000L).setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .addAttributes(text("http.request.method", "POST")).addAttributes(text("url.path", "/chat"))
                .addAttributes(number("http.response.status_code", 200)).addAttributes(text("server.address", "agent"))
                .addAttributes(text("network.protocol.version", "1.1")).addAttributes(text("user_agent.original", "stampede")));
        scope.addSpans(span(trace, agent, server, "invoke_agent support-agent", start, 1_790_000_000L)
                .addAttributes(text("gen_ai.operation.name", "invoke_agent")).addAttributes(text("gen_ai.agent.name", "support-agent"))
                .addAttributes(text("gen_ai.system", "openai")).addAttributes(text("gen_ai.conversation.id", "conv-" + user)));
        scope.addSpans(span(trace, r.nextLong(), agent, "load_history", start, 3_000_000L)
                .addAttributes(text("db.system.name", "redis")).addAttributes(text("db.operation.name", "GET"))
                .addAttributes(text("server.address", "redis")).addAttributes(number("server.port", 6379)));
        scope.addSpans(llm(span(trace, chat, agent, "chat gpt-4o-mini", start + 5_000_000L, 400_000_000L + r.nextLong(200_000_000L)), 812, 34,
                prompt));
        boolean failed = r.nextInt(20) == 0;
        Span.Builder tool = span(trace, r.nextLong(), chat, "execute_tool lookup_order", start + 410_000_000L, 60_000_000L)
                .addAttributes(text("gen_ai.operation.name", "execute_tool")).addAttributes(text("gen_ai.tool.name", "lookup_order"))
                .addAttributes(text("gen_ai.tool.call.id", "call_" + Long.toHexString(r.nextLong())))
                .addAttributes(text("gen_ai.tool.type", "function"));
        if (failed) {
            tool.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("order service timed out"))
                    .addAttributes(text("error.type", "TimeoutError"));
        }
        scope.addSpans(tool);
        scope.addSpans(span(trace, r.nextLong(), agent, "VectorStoreRetriever", start + 480_000_000L, 90_000_000L)
                .addAttributes(text("openinference.span.kind", "RETRIEVER")).addAttributes(text("input.value", "where is my order"))
                .addAttributes(number("retrieval.documents.count", 4)));
        scope.addSpans(llm(span(trace, r.nextLong(), agent, "chat gpt-4o-mini", start + 580_000_000L, 1_100_000_000L), 1533, 212,
                prompt));
    }

    private static Span.Builder llm(Span.Builder span, long input, long output, String prompt) {
        if (prompt != null) {
            span.addAttributes(text("gen_ai.prompt", prompt));
        }
        return span.setKind(Span.SpanKind.SPAN_KIND_CLIENT).addAttributes(text("gen_ai.operation.name", "chat"))
                .addAttributes(text("gen_ai.system", "openai")).addAttributes(text("gen_ai.request.model", "gpt-4o-mini"))
                .addAttributes(text("gen_ai.response.model", "gpt-4o-mini-2024-07-18"))
                .addAttributes(number("gen_ai.usage.input_tokens", input)).addAttributes(number("gen_ai.usage.output_tokens", output))
                .addAttributes(text("gen_ai.response.finish_reasons", "stop")).addAttributes(text("server.address", "api.openai.com"))
                .addAttributes(text("gen_ai.response.id", "chatcmpl-" + Long.toHexString(span.getSpanId().hashCode())));
    }

    private static Span.Builder span(ByteString trace, long id, long parent, String name, long start, long nanos) {
        return Span.newBuilder().setTraceId(trace).setSpanId(id(id)).setParentSpanId(parent == 0 ? ByteString.EMPTY : id(parent))
                .setName(name).setKind(Span.SpanKind.SPAN_KIND_INTERNAL).setStartTimeUnixNano(start).setEndTimeUnixNano(start + nanos);
    }

    private static ByteString id(long id) {
        return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(id == 0 ? 1 : id).array());
    }

    private static KeyValue text(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static KeyValue number(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }
}
