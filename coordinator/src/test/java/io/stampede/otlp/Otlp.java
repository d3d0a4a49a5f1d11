package io.stampede.otlp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import com.google.protobuf.ByteString;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/** OTLP test data made with the official classes, and a blocking client for the receiver. */
final class Otlp {
    static final long SEED = 0x5eed5eed5eed5eedL;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Otlp() {
    }

    /** A span of the trace Stampede made for (seed, user, conversation, turn), lasting {@code micros}. */
    static Span.Builder span(long seed, int user, int conversation, int turn, long spanId, long parentId, String name, long micros) {
        ByteBuffer trace = ByteBuffer.allocate(16).putLong(seed).putInt(user).putShort((short) conversation).putShort((short) turn);
        long start = 1_760_000_000_000_000_000L;
        return Span.newBuilder().setTraceId(ByteString.copyFrom(trace.array()))
                .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(spanId).array()))
                .setParentSpanId(parentId == 0 ? ByteString.EMPTY : ByteString.copyFrom(ByteBuffer.allocate(8).putLong(parentId).array()))
                .setName(name).setStartTimeUnixNano(start).setEndTimeUnixNano(start + micros * 1000);
    }

    static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    static ExportTraceServiceRequest request(String scope, List<Span> spans) {
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName(scope)).addAllSpans(spans)))
                .build();
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** POSTs a body to the receiver; {@code encoding} may be null. */
    static HttpResponse<byte[]> post(int port, String path, String contentType, String encoding, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).header("content-type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (encoding != null) {
            request.header("content-encoding", encoding);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
