package io.stampede.otlp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.stampede.json.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * The OTLP/HTTP traces endpoint ({@code POST /v1/traces}, protobuf or JSON, gzip or not) that
 * an agent's exporter points at ({@code OTEL_EXPORTER_OTLP_ENDPOINT=http://coordinator:4318}).
 * Each request is read, bounded, on the server's event loop, then decoded and routed to its
 * runs ({@link SpanRuns}) on a worker thread, so a large body never stalls an event loop, and
 * answered as the OTLP specification says: 200 with an empty {@code ExportTraceServiceResponse}
 * in the request's encoding; 400 for a body that does not decode, 413 too large, 415 another
 * content type or encoding, each with a {@code google.rpc.Status} saying why; 503 with
 * {@code Retry-After} while {@link OtlpOptions#maxPendingBytes()} are in progress (exporters
 * retry), which is what bounds memory under a flood. A bad request changes nothing.
 */
public final class OtlpReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(OtlpReceiver.class);
    public static final String PATH = "/v1/traces";
    private static final String PROTOBUF = "application/x-protobuf";
    private static final String JSON = "application/json";

    private final Vertx vertx;
    private final SpanRuns runs;
    private final OtlpOptions options;
    private final OtlpForwarder forwarder;
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong busy = new AtomicLong();
    private HttpServer server;

    private OtlpReceiver(Vertx vertx, SpanRuns runs, OtlpOptions options) {
        this.vertx = vertx;
        this.runs = runs;
        this.options = options;
        this.forwarder = options.forwardUrl() == null ? null : new OtlpForwarder(vertx, options.forwardUrl());
    }

    public static Future<OtlpReceiver> start(Vertx vertx, SpanRuns runs, OtlpOptions options) {
        OtlpReceiver receiver = new OtlpReceiver(vertx, runs, options);
        HttpServerOptions http = new HttpServerOptions().setHost(options.host()).setPort(options.port())
                .setIdleTimeout(60).setDecompressionSupported(false).setCompressionSupported(false);
        return vertx.createHttpServer(http).requestHandler(receiver::handle).listen().map(server -> {
            receiver.server = server;
            LOG.info("OTLP receiver on http://{}:{}{}{}", options.host(), server.actualPort(), PATH,
                    options.forwardUrl() == null ? "" : ", forwarding to " + options.forwardUrl());
            return receiver;
        });
    }

    public int port() {
        return server.actualPort();
    }

    public Future<Void> close() {
        if (forwarder != null) {
            forwarder.close();
        }
        return server.close();
    }

    /** Bytes of the requests being read and decoded now (within {@link OtlpOptions#maxPendingBytes()}). */
    public long pendingBytes() {
        return pendingBytes.get();
    }

    /** Requests taken (200), refused (4xx) and put off (503). */
    public long[] requests() {
        return new long[] {accepted.get(), refused.get(), busy.get()};
    }

    private void handle(HttpServerRequest request) {
        String type = mediaType(request.getHeader("content-type"));
        boolean json = JSON.equals(type);
        if (!PATH.equals(request.path())) {
            refuse(request, json, 404, "this receiver takes traces only, at POST " + PATH);
        } else if (request.method() != HttpMethod.POST) {
            refuse(request, json, 405, "send spans with POST " + PATH);
        } else if (!json && !PROTOBUF.equals(type)) {
            refuse(request, false, 415, "Content-Type must be " + PROTOBUF + " or " + JSON + ", not " + type);
        } else {
            String encoding = request.getHeader("content-encoding");
            boolean gzip = encoding != null && encoding.equalsIgnoreCase("gzip");
            if (encoding != null && !gzip && !encoding.equalsIgnoreCase("identity")) {
                refuse(request, json, 415, "Content-Encoding must be gzip or none, not " + encoding);
            } else {
                read(request, json, gzip ? encoding : null);
            }
        }
    }

    /** Reads the body within the size limit and the pending-bytes budget, then decodes it. */
    private void read(HttpServerRequest request, boolean json, String encoding) {
        long declared = contentLength(request);
        if (declared > options.maxBodyBytes()) {
            refuse(request, json, 413, "the body is over " + options.maxBodyBytes() / (1024 * 1024) + " MiB: send smaller batches");
            return;
        }
        Buffer body = Buffer.buffer((int) Math.max(0, Math.min(declared, 1 << 20)));
        long[] reserved = {0};
        boolean[] over = {false};
        boolean[] ended = {false}; // from the end on, the decoding thread owns the reservation
        request.handler(chunk -> {
            if (over[0]) {
                return;
            }
            if (body.length() + chunk.length() > options.maxBodyBytes()) {
                over[0] = true;
                release(reserved);
                refuse(request, json, 413, "the body is over " + options.maxBodyBytes() / (1024 * 1024) + " MiB: send smaller batches");
            } else if (!reserve(reserved, chunk.length())) {
                over[0] = true;
                release(reserved);
                putOff(request);
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.exceptionHandler(e -> {
            if (!ended[0]) {
                release(reserved);
            }
        });
        request.endHandler(v -> {
            ended[0] = true;
            if (!over[0]) {
                decode(request, body.getBytes(), json, encoding, reserved);
            }
        });
    }

    private void decode(HttpServerRequest request, byte[] bytes, boolean json, String encoding, long[] reserved) {
        vertx.executeBlocking(() -> {
            byte[] plain = bytes;
            if (encoding != null) {
                // The gunzipped copy counts too: first as much as gzip's trailer announces, then what it really was.
                long announced = Math.min(TraceRequests.gzipSize(bytes), options.maxBodyBytes());
                if (!reserve(reserved, announced)) {
                    return null; // busy
                }
                plain = TraceRequests.gunzip(bytes, options.maxBodyBytes());
                if (plain.length > announced && !reserve(reserved, plain.length - announced)) {
                    return null;
                }
            }
            ExportTraceServiceRequest decoded = TraceRequests.decode(plain, json);
            runs.accept(decoded);
            return decoded;
        }, false).onComplete(ar -> {
            release(reserved);
            if (ar.succeeded() && ar.result() == null) {
                putOff(request);
            } else if (ar.succeeded()) {
                accepted.incrementAndGet();
                if (forwarder != null) {
                    forwarder.forward(bytes, json ? JSON : PROTOBUF, encoding);
                }
                request.response().putHeader("content-type", json ? JSON : PROTOBUF)
                        .end(json ? Buffer.buffer("{}") : Buffer.buffer());
            } else if (ar.cause() instanceof BadPayload bad) {
                refuse(request, json, bad.status(), bad.getMessage());
            } else {
                LOG.warn("OTLP request failed", ar.cause());
                refuse(request, json, 500, "the receiver failed on this request: " + ar.cause());
            }
        });
    }

    private boolean reserve(long[] reserved, long bytes) {
        if (pendingBytes.addAndGet(bytes) > options.maxPendingBytes()) {
            pendingBytes.addAndGet(-bytes);
            return false;
        }
        reserved[0] += bytes;
        return true;
    }

    private void release(long[] reserved) {
        pendingBytes.addAndGet(-reserved[0]);
        reserved[0] = 0;
    }

    /** 503: too much in progress; the exporter retries after a second. The connection closes, unread body and all. */
    private void putOff(HttpServerRequest request) {
        busy.incrementAndGet();
        request.response().setStatusCode(503).putHeader("retry-after", "1").putHeader("connection", "close")
                .putHeader("content-type", PROTOBUF).end(Buffer.buffer(status(14, "busy: retry in a second")));
    }

    private void refuse(HttpServerRequest request, boolean json, int status, String message) {
        refused.incrementAndGet();
        // Unread body: close the connection rather than read what we refuse.
        request.response().setStatusCode(status).putHeader("connection", "close")
                .putHeader("content-type", json ? JSON : PROTOBUF)
                .end(json ? Buffer.buffer(Json.bytes(java.util.Map.of("code", 3, "message", message)))
                        : Buffer.buffer(status(3, message)));
    }

    /** A {@code google.rpc.Status} (code = field 1, message = field 2), as OTLP wants error bodies. */
    private static byte[] status(int code, String message) {
        try {
            ByteString.Output out = ByteString.newOutput();
            CodedOutputStream coded = CodedOutputStream.newInstance(out);
            coded.writeInt32(1, code);
            coded.writeString(2, message);
            coded.flush();
            return out.toByteString().toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String mediaType(String header) {
        if (header == null) {
            return "none";
        }
        int semicolon = header.indexOf(';');
        return (semicolon >= 0 ? header.substring(0, semicolon) : header).strip().toLowerCase(Locale.ROOT);
    }

    private static long contentLength(HttpServerRequest request) {
        try {
            String header = request.getHeader("content-length");
            return header == null ? -1 : Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
