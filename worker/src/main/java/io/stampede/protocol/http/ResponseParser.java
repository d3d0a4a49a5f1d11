package io.stampede.protocol.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Reads HTTP/1.x responses off one connection as the bytes arrive, whatever the reads' sizes:
 * the status line, the few headers an exchange needs (framing: {@code content-length},
 * {@code transfer-encoding}, {@code connection}; and {@code content-type}, {@code set-cookie}),
 * then the body, handed on as slices of the read buffers (no copy here). Every other header
 * is skipped without becoming a String or a map entry, so a response costs next to no
 * allocation and a connection holds no decoder objects.
 *
 * <p>Framing follows RFC 9112: no body for HEAD, 1xx, 204 and 304; chunked when the last
 * transfer coding is chunked (content-length is then ignored; chunk extensions and trailers
 * are skipped); else content-length; else the body runs until the connection closes. A 1xx
 * answer other than 101 is skipped. Limits: a status line of 4096 bytes, headers (and
 * trailers) of 8192 bytes, chunk sizes under 2^31; past them, or on anything that is not
 * HTTP/1.x, the response is invalid and the connection must be dropped.
 *
 * <p>One parser per connection, reused response after response; used from its event loop only.
 *
 * <p>Why one class of this length: it is one byte-at-a-time state machine (status line, headers,
 * chunk sizes, bodies, trailers) whose states share the same buffer and counters; its length is
 * the RFC's cases, each short.
 */
final class ResponseParser {
    /**
     * Where the parsed response goes. Returning false stops the parser (the listener gave up);
     * a listener may then already have asked for the next response ({@link #expect}), which stands.
     */
    interface Listener {
        /** The head of the final answer; {@code contentLength} is -1 when chunked or read until close. */
        boolean onHead(int status, String contentType, List<String> setCookies, long contentLength);

        /** {@code length} bytes of the body at {@code index} of {@code in} (not to be kept past the call). */
        boolean onBody(ByteBuf in, int index, int length);

        /** The response is complete; {@code reusable} when the connection may carry the next request. */
        void onEnd(boolean reusable);

        /** The response cannot be read: the connection must be dropped. */
        void onInvalid(String why);
    }

    static final int MAX_STATUS_LINE = 4096;
    static final int MAX_HEADERS = 8192;

    private static final int IDLE = 0;
    private static final int STATUS = 1;
    private static final int HEADERS = 2;
    private static final int FIXED = 3;
    private static final int CHUNK_SIZE = 4;
    private static final int CHUNK_DATA = 5;
    private static final int CHUNK_END = 6;
    private static final int TRAILERS = 7;
    private static final int UNTIL_CLOSE = 8;

    private static final byte[] CONTENT_LENGTH = bytes("content-length");
    private static final byte[] TRANSFER_ENCODING = bytes("transfer-encoding");
    private static final byte[] CONNECTION = bytes("connection");
    private static final byte[] CONTENT_TYPE = bytes("content-type");
    private static final byte[] SET_COOKIE = bytes("set-cookie");
    private static final byte[] CHUNKED = bytes("chunked");
    private static final byte[] CLOSE = bytes("close");
    private static final byte[] KEEP_ALIVE = bytes("keep-alive");

    private final Listener listener;
    /** Where a line is parsed: shared by the parsers of one event loop, which run one after another. */
    private final byte[] scratch;
    private int state = IDLE;
    /** Counts the responses asked for: a listener that gave up may have asked for the next one already. */
    private int expected;
    private boolean noBody;
    /** A line that did not end in the read it started in. */
    private ByteBuf partial;
    private int headerBytes;
    private long remaining;

    // ---- the head being read
    private int status;
    private boolean http10;
    private boolean chunked;
    /** A transfer coding other than chunked: the body runs until the close. */
    private boolean encoded;
    private boolean closeToken;
    private boolean keepAliveToken;
    /** Whether the connection may carry another request once this response is read. */
    private boolean reusable;
    private long contentLength;
    private String contentType;
    private List<String> setCookies;

    /** @param scratch at least {@link #MAX_HEADERS} bytes, see {@link #scratch()} */
    ResponseParser(Listener listener, byte[] scratch) {
        this.listener = listener;
        this.scratch = scratch;
    }

    /** A line buffer for the parsers of one event loop. */
    static byte[] scratch() {
        return new byte[MAX_HEADERS];
    }

    /** A request was sent: read its response ({@code head}: a HEAD request, whose answer has no body). */
    void expect(boolean head) {
        noBody = head;
        expected++;
        state = STATUS;
        headerBytes = 0;
        partial = null;
    }

    /** Nothing expected any more (the exchange was abandoned). */
    void reset() {
        state = IDLE;
        partial = null;
        contentType = null;
        setCookies = null;
    }

    /** True while a response is expected or being read. */
    boolean busy() {
        return state != IDLE;
    }

    /**
     * Reads what {@code in} holds. Stops after the end of a response (or when the listener gave
     * up): bytes left in {@code in} then are not part of any response of this connection.
     */
    void feed(ByteBuf in) {
        while (state != IDLE && in.isReadable()) {
            boolean go = switch (state) {
                case FIXED, CHUNK_DATA -> body(in);
                case UNTIL_CLOSE -> untilClose(in);
                default -> line(in);
            };
            if (!go) {
                return;
            }
        }
    }

    /** The connection closed: true when that ended a body read until the close (the response is complete). */
    boolean closed() {
        if (state == UNTIL_CLOSE) {
            state = IDLE;
            listener.onEnd(false);
            return true;
        }
        return false;
    }

    // ---- lines: status, headers, chunk sizes, trailers

    private boolean line(ByteBuf in) {
        int start = in.readerIndex();
        int lf = in.indexOf(start, in.writerIndex(), (byte) '\n');
        int limit = state == STATUS ? MAX_STATUS_LINE : MAX_HEADERS;
        int pending = partial == null ? 0 : partial.readableBytes();
        int length = (lf < 0 ? in.writerIndex() : lf) - start;
        if (pending + length > limit) {
            return invalid(state == STATUS ? "the status line is longer than " + MAX_STATUS_LINE + " bytes"
                    : "the headers are larger than " + MAX_HEADERS + " bytes");
        }
        if (lf < 0) {
            if (partial == null) {
                partial = Unpooled.buffer(Math.max(64, length * 2), limit);
            }
            partial.writeBytes(in, start, length);
            in.skipBytes(length);
            return true;
        }
        // The line is read from an array: a buffer's bounds and reference checks on every byte cost more.
        byte[] b = scratch;
        if (pending > 0) {
            partial.getBytes(partial.readerIndex(), b, 0, pending);
            partial = null;
        }
        in.getBytes(start, b, pending, length);
        in.readerIndex(lf + 1);
        int count = pending + length;
        if (count > 0 && b[count - 1] == '\r') {
            count--;
        }
        return switch (state) {
            case STATUS -> statusLine(b, count);
            case HEADERS -> header(b, count, in);
            case CHUNK_SIZE -> chunkSize(b, count);
            case CHUNK_END -> count == 0 ? next(CHUNK_SIZE) : invalid("a chunk is longer than its size");
            default -> trailer(count, in);
        };
    }

    private boolean statusLine(byte[] b, int count) {
        if (count == 0) {
            return true; // a stray empty line before the status line is tolerated (RFC 9112 2.2)
        }
        if (count < 12 || !startsWith(b, "HTTP/1.") || b[8] != ' ' || count > 12 && b[12] != ' ') {
            return invalid("not an HTTP/1.x status line");
        }
        int code = 0;
        for (int i = 9; i < 12; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return invalid("not an HTTP/1.x status line");
            }
            code = code * 10 + d;
        }
        status = code;
        http10 = b[7] == '0';
        chunked = false;
        encoded = false;
        closeToken = false;
        keepAliveToken = false;
        contentLength = -1;
        contentType = null;
        setCookies = null;
        headerBytes = 0;
        state = HEADERS;
        return true;
    }

    private boolean header(byte[] b, int count, ByteBuf in) {
        headerBytes += count + 2;
        if (headerBytes > MAX_HEADERS) {
            return invalid("the headers are larger than " + MAX_HEADERS + " bytes");
        }
        if (count == 0) {
            return endOfHead(in);
        }
        int colon = 0;
        while (colon < count && b[colon] != ':') {
            colon++;
        }
        if (colon == count) {
            // No colon: a folded continuation (obsolete) or junk; neither is one of ours.
            return true;
        }
        int valueStart = colon + 1;
        int valueEnd = count;
        while (valueStart < valueEnd && isSpace(b[valueStart])) {
            valueStart++;
        }
        while (valueEnd > valueStart && isSpace(b[valueEnd - 1])) {
            valueEnd--;
        }
        int valueLength = valueEnd - valueStart;
        if (nameIs(b, 0, colon, CONTENT_LENGTH)) {
            long length = decimal(b, valueStart, valueLength);
            if (length < 0 || contentLength >= 0 && contentLength != length) {
                return invalid("a bad content-length");
            }
            contentLength = length;
        } else if (nameIs(b, 0, colon, TRANSFER_ENCODING)) {
            chunked = lastTokenIs(b, valueStart, valueLength, CHUNKED);
            encoded = !chunked;
        } else if (nameIs(b, 0, colon, CONNECTION)) {
            closeToken |= hasToken(b, valueStart, valueLength, CLOSE);
            keepAliveToken |= hasToken(b, valueStart, valueLength, KEEP_ALIVE);
        } else if (nameIs(b, 0, colon, CONTENT_TYPE)) {
            contentType = new String(b, valueStart, valueLength, StandardCharsets.ISO_8859_1);
        } else if (nameIs(b, 0, colon, SET_COOKIE)) {
            if (setCookies == null) {
                setCookies = new ArrayList<>(2);
            }
            setCookies.add(new String(b, valueStart, valueLength, StandardCharsets.ISO_8859_1));
        }
        return true;
    }

    private boolean endOfHead(ByteBuf in) {
        if (status / 100 == 1 && status != 101) {
            return next(STATUS); // informational: the real answer follows
        }
        reusable = status != 101 && !closeToken && (!http10 || keepAliveToken);
        boolean empty = noBody || status == 204 || status == 304 || status == 101;
        long length = empty ? 0 : chunked || encoded ? -1 : contentLength;
        List<String> cookies = setCookies;
        String type = contentType;
        setCookies = null;
        contentType = null;
        int asked = expected;
        if (!listener.onHead(status, type, cookies, length)) {
            return gaveUp(asked);
        }
        if (empty || length == 0) {
            return end(reusable, in);
        }
        if (chunked) {
            return next(CHUNK_SIZE);
        }
        if (length > 0) {
            remaining = length;
            return next(FIXED);
        }
        return next(UNTIL_CLOSE);
    }

    private boolean chunkSize(byte[] b, int count) {
        long size = 0;
        int digits = 0;
        for (int i = 0; i < count; i++) {
            byte c = b[i];
            int d = Character.digit(c & 0xff, 16);
            if (d < 0) {
                if (c == ';' || isSpace(c)) {
                    break; // an extension follows: skipped
                }
                return invalid("a bad chunk size");
            }
            size = size * 16 + d;
            digits++;
            if (size > Integer.MAX_VALUE) {
                return invalid("a chunk larger than 2 GiB");
            }
        }
        if (digits == 0) {
            return invalid("a bad chunk size");
        }
        if (size == 0) {
            headerBytes = 0;
            return next(TRAILERS);
        }
        remaining = size;
        return next(CHUNK_DATA);
    }

    private boolean trailer(int count, ByteBuf in) {
        headerBytes += count + 2;
        if (headerBytes > MAX_HEADERS) {
            return invalid("the trailers are larger than " + MAX_HEADERS + " bytes");
        }
        return count == 0 ? end(reusable, in) : true;
    }

    // ---- bodies

    private boolean body(ByteBuf in) {
        int n = (int) Math.min(remaining, in.readableBytes());
        int asked = expected;
        if (!listener.onBody(in, in.readerIndex(), n)) {
            return gaveUp(asked);
        }
        in.skipBytes(n);
        remaining -= n;
        if (remaining > 0) {
            return true;
        }
        return state == FIXED ? end(reusable, in) : next(CHUNK_END);
    }

    private boolean untilClose(ByteBuf in) {
        int n = in.readableBytes();
        int asked = expected;
        if (!listener.onBody(in, in.readerIndex(), n)) {
            return gaveUp(asked);
        }
        in.skipBytes(n);
        return true;
    }

    /** The listener gave up the response: nothing more is read for it. */
    private boolean gaveUp(int asked) {
        if (expected == asked) {
            state = IDLE;
        }
        return false;
    }

    /** The response is complete; bytes after it mean the connection cannot be trusted with another. */
    private boolean end(boolean reusable, ByteBuf in) {
        state = IDLE;
        listener.onEnd(reusable && !in.isReadable());
        return false;
    }

    private boolean next(int nextState) {
        state = nextState;
        return true;
    }

    private boolean invalid(String why) {
        state = IDLE;
        partial = null;
        listener.onInvalid("invalid HTTP response: " + why);
        return false;
    }

    // ---- bytes

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t';
    }

    private static boolean nameIs(byte[] b, int from, int length, byte[] name) {
        if (length != name.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            byte c = b[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != name[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] b, String prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            if (b[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A non-negative decimal, or -1. */
    private static long decimal(byte[] b, int from, int length) {
        if (length == 0 || length > 18) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            int d = b[from + i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    /** Whether the comma-separated list holds {@code token} (case-insensitive). */
    private static boolean hasToken(byte[] b, int from, int length, byte[] token) {
        int end = from + length;
        int i = from;
        while (i < end) {
            while (i < end && (isSpace(b[i]) || b[i] == ',')) {
                i++;
            }
            int start = i;
            while (i < end && b[i] != ',') {
                i++;
            }
            int stop = i;
            while (stop > start && isSpace(b[stop - 1])) {
                stop--;
            }
            if (nameIs(b, start, stop - start, token)) {
                return true;
            }
        }
        return false;
    }

    private static boolean lastTokenIs(byte[] b, int from, int length, byte[] token) {
        int end = from + length;
        int start = end;
        while (start > from && b[start - 1] != ',') {
            start--;
        }
        while (start < end && isSpace(b[start])) {
            start++;
        }
        int stop = end;
        while (stop > start && isSpace(b[stop - 1])) {
            stop--;
        }
        return nameIs(b, start, stop - start, token);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
