package io.stampede.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * The team's collector as {@code --otlp-export} sees it: an OTLP/HTTP endpoint on loopback that
 * keeps every body it is sent, gunzipped, so a test can search the bytes that left the system.
 */
final class SpanCollector implements AutoCloseable {
    private final HttpServer server;
    private final List<byte[]> bodies = new CopyOnWriteArrayList<>();

    SpanCollector() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("content-encoding"));
                bodies.add(gzip ? gunzip(body) : body);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every body received, as bytes read one per character (protobuf strings are UTF-8 in place). */
    String text() {
        StringBuilder out = new StringBuilder();
        bodies.forEach(b -> out.append(new String(b, StandardCharsets.ISO_8859_1)).append('\n'));
        return out.toString();
    }

    /** Every span received. */
    List<Span> spans() {
        List<Span> spans = new ArrayList<>();
        for (byte[] body : bodies) {
            try {
                for (ResourceSpans r : ExportTraceServiceRequest.parseFrom(body).getResourceSpansList()) {
                    for (ScopeSpans s : r.getScopeSpansList()) {
                        spans.addAll(s.getSpansList());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return spans;
    }

    private static byte[] gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
