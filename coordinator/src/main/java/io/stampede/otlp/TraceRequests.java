package io.stampede.otlp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.stampede.json.Json;

/**
 * An OTLP/HTTP traces request's body → {@link ExportTraceServiceRequest}, with the official
 * OTLP classes: protobuf with their own parser, JSON with protobuf's own JSON mapping
 * ({@link JsonFormat}) after the one change OTLP/JSON makes to it (trace and span ids are hex,
 * not base64). Gzip is undone first, never past {@code maxBytes}: a small compressed body
 * cannot unfold into gigabytes.
 */
public final class TraceRequests {
    private static final Set<String> ID_FIELDS = Set.of("traceId", "trace_id", "spanId", "span_id", "parentSpanId",
            "parent_span_id");
    private static final JsonFormat.Parser JSON = JsonFormat.parser().ignoringUnknownFields();

    private TraceRequests() {
    }

    public static ExportTraceServiceRequest decode(byte[] body, boolean json) throws BadPayload {
        try {
            if (json) {
                ExportTraceServiceRequest.Builder builder = ExportTraceServiceRequest.newBuilder();
                JSON.merge(hexIdsToBase64(body), builder);
                return builder.build();
            }
            CodedInputStream in = CodedInputStream.newInstance(body);
            in.enableAliasing(true); // big attribute values stay slices of the body instead of copies
            return ExportTraceServiceRequest.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new BadPayload(400, (json ? "not OTLP/JSON: " : "not an OTLP protobuf ExportTraceServiceRequest: ")
                    + e.getMessage());
        } catch (IOException e) {
            throw new BadPayload(400, "unreadable body: " + e.getMessage());
        }
    }

    /** Gunzips {@code body}; refuses what is not gzip or unfolds past {@code maxBytes}. */
    public static byte[] gunzip(byte[] body, int maxBytes) throws BadPayload {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body), 8192)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, Math.max(1024, body.length * 4)));
            byte[] chunk = new byte[16384];
            int n;
            while ((n = in.read(chunk)) > 0) {
                if (out.size() + n > maxBytes) {
                    throw new BadPayload(413, "the body unfolds past " + maxBytes / (1024 * 1024)
                            + " MiB once gunzipped: send smaller batches");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new BadPayload(400, "Content-Encoding: gzip but the body is not gzip: " + e.getMessage());
        }
    }

    /** The size a gzip body announces in its trailer (ISIZE: the last member's size, mod 2^32); 0 when too short. */
    public static long gzipSize(byte[] body) {
        int n = body.length;
        if (n < 18) {
            return 0;
        }
        return (body[n - 4] & 0xffL) | (body[n - 3] & 0xffL) << 8 | (body[n - 2] & 0xffL) << 16 | (body[n - 1] & 0xffL) << 24;
    }

    private static String hexIdsToBase64(byte[] body) throws BadPayload, IOException {
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new BadPayload(400, "not JSON: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new BadPayload(400, "not OTLP/JSON: expected an object with resourceSpans");
        }
        fixIds(tree);
        return Json.MAPPER.writeValueAsString(tree);
    }

    private static void fixIds(JsonNode node) throws BadPayload {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (ID_FIELDS.contains(field.getKey()) && field.getValue().isTextual()) {
                    field.setValue(new TextNode(base64(field.getKey(), field.getValue().asText())));
                } else {
                    fixIds(field.getValue());
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                fixIds(item);
            }
        }
    }

    private static String base64(String field, String hex) throws BadPayload {
        try {
            return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new BadPayload(400, field + " '" + (hex.length() > 40 ? hex.substring(0, 40) + "…" : hex)
                    + "' is not hex: OTLP/JSON writes ids as hex");
        }
    }
}
