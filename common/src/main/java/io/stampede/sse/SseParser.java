package io.stampede.sse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Server-sent events framing, fed with reads as they come off the socket: the one decoder of
 * event streams, used by the worker for the target's token streams and by the CLI for the
 * coordinator's live feed. An event is only handed on once its blank line has arrived, so a
 * JSON object split across reads is whole when the listener sees it. Follows the WHATWG rules
 * that servers actually vary on: lines end in LF, CRLF or CR (a CRLF split across two reads is
 * one line end); {@code data:} with or without the space; several {@code data:} lines join
 * with LF; lines starting with {@code :} are comments (keep-alive pings); {@code id:} sets the
 * last event id, which stays until the next {@code id:} ({@link #lastEventId()}, read it from
 * the listener); {@code retry:} is ignored.
 *
 * <p>Memory is bounded: an event (its lines and data together) larger than
 * {@code maxEventBytes} stops the parser with a reason instead of growing the heap. Reading a
 * stream allocates only the data handed on (and the type of events that name one): an event
 * that lies whole in one read is handed on straight from it, so a parser whose events each
 * arrive in one read holds no buffer at all (a worker holds one parser per stream in flight,
 * and every byte it holds is copied at each young collection); one that spans reads is kept in
 * buffers reused from event to event; the id is kept as bytes until asked for.
 *
 * <p>Not thread-safe: one per stream, fed on one thread (the worker: the lane's event loop).
 */
public final class SseParser {
    /** Receives each complete event; {@code event} is null when the event named no type. */
    @FunctionalInterface
    public interface Listener {
        void onEvent(String event, byte[] data, long nanos);
    }

    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "id".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NONE = new byte[0];

    private final Listener listener;
    private final int maxEventBytes;
    private byte[] line = NONE;
    private int lineLength;
    private byte[] data = NONE;
    /** Bytes of the event's data so far, in {@link #data} or, while it lies in the read being fed, in {@link #dataInRead}. */
    private int dataLength;
    /** The read being fed, when the event's data is still a range of it from {@link #dataInReadFrom}; else null. */
    private byte[] dataInRead;
    private int dataInReadFrom;
    private boolean hasData;
    private String eventType;
    private byte[] id = NONE;
    private int idLength;
    private String idText = "";
    private boolean skipLf;
    private String error;
    private long events;

    public SseParser(Listener listener, int maxEventBytes) {
        this.listener = listener;
        this.maxEventBytes = maxEventBytes;
    }

    /** Why parsing stopped (an event over the limit), or null. */
    public String error() {
        return error;
    }

    public long events() {
        return events;
    }

    /**
     * The id the stream last set with {@code id:}, or "" when it set none: called from the
     * listener, the id of the event being handed on (WHATWG: an event without an {@code id:}
     * line has the one before).
     */
    public String lastEventId() {
        if (idText == null) {
            idText = new String(id, 0, idLength, StandardCharsets.UTF_8);
        }
        return idText;
    }

    /** Feeds one read; events complete in it are handed on at once, stamped with {@code nanos}. */
    public void feed(byte[] bytes, long nanos) {
        feed(bytes, bytes.length, nanos);
    }

    /**
     * Feeds one read, the first {@code n} bytes of {@code bytes} (a buffer the caller reuses read
     * after read: nothing of it is kept past the call).
     */
    public void feed(byte[] bytes, int n, long nanos) {
        int i = 0;
        while (i < n && error == null) {
            if (skipLf) {
                skipLf = false;
                if (bytes[i] == '\n') {
                    i++;
                    continue;
                }
            }
            int end = i;
            while (end < n && bytes[end] != '\n' && bytes[end] != '\r') {
                end++;
            }
            if (end == n) {
                appendToLine(bytes, i, end - i); // the line goes on in the next read
                break;
            }
            skipLf = bytes[end] == '\r';
            if (lineLength == 0) {
                endLine(bytes, i, end - i, nanos); // the common case: a whole line inside this read, no copy
            } else {
                appendToLine(bytes, i, end - i);
                if (error == null) {
                    int length = lineLength;
                    lineLength = 0;
                    endLine(line, 0, length, nanos);
                }
            }
            i = end + 1;
        }
        keepData(); // the caller reuses its buffer: an event not yet complete keeps its own copy
    }

    /**
     * The body ended. An event whose lines all ended is handed on even without its blank line
     * (servers that end with {@code data: [DONE]\n}); returns false when the body stopped in the
     * middle of a line, i.e. it was cut.
     */
    public boolean finish(long nanos) {
        if (error != null) {
            return true;
        }
        boolean cut = lineLength > 0;
        if (!cut && hasData) {
            dispatch(nanos);
        }
        return !cut;
    }

    /** Bytes held for the event not yet complete. */
    public int pendingBytes() {
        return lineLength + dataLength;
    }

    private void appendToLine(byte[] bytes, int from, int length) {
        if (length == 0) {
            return;
        }
        if (lineLength + dataLength + length > maxEventBytes) {
            tooLarge();
            return;
        }
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.min(maxEventBytes, Math.max(lineLength + length, line.length * 2)));
        }
        System.arraycopy(bytes, from, line, lineLength, length);
        lineLength += length;
    }

    /** One complete line, {@code length} bytes of {@code buf} from {@code from}. */
    private void endLine(byte[] buf, int from, int length, long nanos) {
        if (length == 0) {
            if (hasData) {
                dispatch(nanos);
            } else {
                eventType = null;
            }
            return;
        }
        if (buf[from] == ':') {
            return; // a comment: keep-alive ping
        }
        int end = from + length;
        int colon = indexOf(buf, from, end, (byte) ':');
        int nameEnd = colon < 0 ? end : colon;
        int valueStart = colon < 0 ? end : colon + 1;
        if (valueStart < end && buf[valueStart] == ' ') {
            valueStart++;
        }
        if (is(buf, from, nameEnd, DATA)) {
            appendData(buf, valueStart, end - valueStart);
        } else if (is(buf, from, nameEnd, EVENT)) {
            eventType = new String(buf, valueStart, end - valueStart, StandardCharsets.UTF_8);
        } else if (is(buf, from, nameEnd, ID)) {
            setId(buf, valueStart, end - valueStart);
        }
    }

    private void setId(byte[] buf, int from, int length) {
        if (indexOf(buf, from, from + length, (byte) 0) >= 0) {
            return; // WHATWG: an id with a NUL in it is ignored
        }
        if (length > id.length || id.length > 4096) {
            id = new byte[Math.max(length, 16)]; // a long id once must not pin a large buffer either
        }
        System.arraycopy(buf, from, id, 0, length);
        idLength = length;
        idText = null;
    }

    private void appendData(byte[] buf, int from, int length) {
        int needed = dataLength + (hasData ? 1 : 0) + length;
        if (needed + lineLength > maxEventBytes) {
            tooLarge();
            return;
        }
        if (!hasData && buf != line) { // a line in our own buffer is overwritten by the next: only the caller's read is kept a view of
            dataInRead = buf;
            dataInReadFrom = from;
            dataLength = length;
            hasData = true;
            return;
        }
        keepData();
        if (needed > data.length) {
            data = Arrays.copyOf(data, Math.min(maxEventBytes, Math.max(needed, data.length * 2)));
        }
        if (hasData) {
            data[dataLength++] = '\n';
        }
        System.arraycopy(buf, from, data, dataLength, length);
        dataLength += length;
        hasData = true;
    }

    /** Copies the event's data out of the read being fed into {@link #data}. */
    private void keepData() {
        if (dataInRead == null) {
            return;
        }
        if (dataLength > data.length) {
            data = new byte[Math.max(dataLength, 2 * data.length)];
        }
        System.arraycopy(dataInRead, dataInReadFrom, data, 0, dataLength);
        dataInRead = null;
    }

    private void dispatch(long nanos) {
        byte[] payload = dataInRead != null
                ? Arrays.copyOfRange(dataInRead, dataInReadFrom, dataInReadFrom + dataLength)
                : Arrays.copyOf(data, dataLength);
        String type = eventType;
        dataInRead = null;
        dataLength = 0;
        hasData = false;
        eventType = null;
        if (data.length > 4096) {
            data = NONE; // one large event must not pin a large buffer for the rest of the stream
        }
        if (line.length > 4096) {
            line = NONE;
        }
        events++;
        listener.onEvent(type, payload, nanos);
    }

    private void tooLarge() {
        error = "an event is larger than " + maxEventBytes + " bytes (the limit per event); the stream was abandoned";
        line = NONE;
        data = NONE;
        dataInRead = null;
        lineLength = 0;
        dataLength = 0;
    }

    private static boolean is(byte[] buf, int from, int end, byte[] name) {
        if (end - from != name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (buf[from + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, int from, int end, byte b) {
        for (int i = from; i < end; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
