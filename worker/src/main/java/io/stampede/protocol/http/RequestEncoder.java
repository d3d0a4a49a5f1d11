package io.stampede.protocol.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.stampede.protocol.UserSession;
import io.stampede.template.Template;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * Writes one HTTP/1.1 request into one buffer: request line, {@code host}, the target's headers
 * (constant ones as bytes prepared once), the step's own headers, content type and length,
 * cookies, {@code traceparent}, then the body. No header map, no per-request object but the
 * strings the templates render.
 *
 * <p>Which header wins, as with the Vert.x client before: a step's header replaces the target's
 * header of the same name; the body's content type, the user's cookies and the traceparent
 * replace both. Framing is the client's: {@code content-length} and {@code transfer-encoding}
 * given in a scenario are not sent. A value with a line break (a template that rendered one,
 * e.g. from an extracted value) is refused: the request is not sent and the step fails.
 *
 * <p>Immutable; shared by the connections of one lane.
 */
final class RequestEncoder {
    private static final byte[] VERSION_CRLF = " HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] COLON_SPACE = {':', ' '};
    private static final byte[] CONTENT_TYPE = "content-type: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_LENGTH = "content-length: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COOKIE = "cookie: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRACEPARENT = "traceparent: ".getBytes(StandardCharsets.US_ASCII);

    /** One target header: its name, and its value as bytes when it is constant. */
    private record TargetHeader(String name, byte[] prefix, byte[] constantLine, Template template) {
    }

    private final byte[] hostLine;
    private final String basePath;
    private final TargetHeader[] headers;

    RequestEncoder(Endpoint endpoint, Map<String, Template> targetHeaders) {
        this.basePath = endpoint.basePath();
        boolean hostGiven = false;
        TargetHeader[] list = new TargetHeader[targetHeaders.size()];
        int n = 0;
        for (Map.Entry<String, Template> e : targetHeaders.entrySet()) {
            String name = e.getKey();
            String lower = name.toLowerCase(Locale.ROOT);
            hostGiven |= lower.equals("host");
            if (lower.equals("content-length") || lower.equals("transfer-encoding")) {
                continue;
            }
            Template value = e.getValue();
            byte[] constant = null;
            if (value.isLiteral() && badName(name) == null && badValue(name, value.source()) == null) {
                constant = (name + ": " + value.source() + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            }
            list[n++] = new TargetHeader(name, (name + ": ").getBytes(StandardCharsets.ISO_8859_1), constant, value);
        }
        this.headers = java.util.Arrays.copyOf(list, n);
        boolean defaultPort = endpoint.port() == (endpoint.ssl() ? 443 : 80);
        String host = endpoint.host(); // an IPv6 address comes with its brackets
        this.hostLine = hostGiven ? new byte[0]
                : ("host: " + host + (defaultPort ? "" : ":" + endpoint.port()) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Writes the request into {@code out}.
     *
     * @param path relative to the endpoint's base path
     * @return null when written, else why the request cannot be sent ({@code out} is then unusable)
     */
    String write(ByteBuf out, UserSession session, HttpMethod method, String path, Map<String, String> extraHeaders,
                 Buffer body, String contentType, String cookie) {
        ByteBufUtil.writeAscii(out, method.name());
        out.writeByte(' ');
        writeUri(out, path);
        out.writeBytes(VERSION_CRLF);
        boolean extras = !extraHeaders.isEmpty();
        if (!extras || !mentions(extraHeaders, "host")) {
            out.writeBytes(hostLine);
        }
        for (TargetHeader h : headers) {
            if (extras && mentions(extraHeaders, h.name) || replaced(h.name, contentType, cookie)) {
                continue;
            }
            if (h.constantLine != null) {
                out.writeBytes(h.constantLine);
                continue;
            }
            String value = h.template.render(session.variables());
            String bad = badName(h.name);
            if (bad == null) {
                bad = badValue(h.name, value);
            }
            if (bad != null) {
                return bad;
            }
            out.writeBytes(h.prefix);
            ByteBufUtil.writeAscii(out, value);
            out.writeBytes(CRLF);
        }
        if (extras) {
            for (Map.Entry<String, String> e : extraHeaders.entrySet()) {
                String name = e.getKey();
                if (name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("transfer-encoding")
                        || replaced(name, contentType, cookie)) {
                    continue;
                }
                String bad = badName(name);
                if (bad == null) {
                    bad = badValue(name, e.getValue());
                }
                if (bad != null) {
                    return bad;
                }
                ByteBufUtil.writeAscii(out, name);
                out.writeBytes(COLON_SPACE);
                ByteBufUtil.writeAscii(out, e.getValue());
                out.writeBytes(CRLF);
            }
        }
        if (contentType != null) {
            out.writeBytes(CONTENT_TYPE);
            ByteBufUtil.writeAscii(out, contentType);
            out.writeBytes(CRLF);
        }
        if (body != null || method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH) {
            out.writeBytes(CONTENT_LENGTH);
            writeDecimal(out, body == null ? 0 : body.length());
            out.writeBytes(CRLF);
        }
        if (cookie != null) {
            String bad = badValue("cookie", cookie);
            if (bad != null) {
                return bad;
            }
            out.writeBytes(COOKIE);
            ByteBufUtil.writeAscii(out, cookie);
            out.writeBytes(CRLF);
        }
        out.writeBytes(TRACEPARENT);
        ByteBufUtil.writeAscii(out, session.traceparent());
        out.writeBytes(CRLF);
        out.writeBytes(CRLF);
        if (body != null && body.length() > 0) {
            out.writeBytes(((BufferInternal) body).getByteBuf());
        }
        return null;
    }

    /** The base path and {@code path} below it, as {@link Endpoint#uri} joins them, without joining strings. */
    private void writeUri(ByteBuf out, String path) {
        if (path.isEmpty()) {
            if (basePath.isEmpty()) {
                out.writeByte('/');
            } else {
                ByteBufUtil.writeUtf8(out, basePath);
            }
            return;
        }
        if (!basePath.isEmpty()) {
            ByteBufUtil.writeUtf8(out, basePath);
        }
        if (path.charAt(0) != '/') {
            out.writeByte('/');
        }
        ByteBufUtil.writeUtf8(out, path);
    }

    /** Headers the exchange sets itself, over any given in the scenario. */
    private static boolean replaced(String name, String contentType, String cookie) {
        return name.equalsIgnoreCase("traceparent")
                || contentType != null && name.equalsIgnoreCase("content-type")
                || cookie != null && name.equalsIgnoreCase("cookie");
    }

    private static boolean mentions(Map<String, String> headers, String name) {
        for (String key : headers.keySet()) {
            if (key.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static String badName(String name) {
        if (name.isEmpty()) {
            return "a header has an empty name";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c == ':' || c >= 127) {
                return "header name '" + name + "' has a character a header name cannot have";
            }
        }
        return null;
    }

    private static String badValue(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                return "header " + name + " has a line break in its value; the request was not sent";
            }
        }
        return null;
    }

    private static void writeDecimal(ByteBuf out, int value) {
        if (value < 10) {
            out.writeByte('0' + value);
        } else {
            ByteBufUtil.writeAscii(out, Integer.toString(value));
        }
    }
}
