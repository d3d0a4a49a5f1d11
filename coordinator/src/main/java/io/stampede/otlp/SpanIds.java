package io.stampede.otlp;

import com.google.protobuf.ByteString;

/**
 * Trace and span ids as numbers. A trace id Stampede made (engine {@code TraceParent}) is the
 * run's seed (8 bytes), the user's index (4), the conversation number (2) and the turn (2),
 * big-endian, as its hex spells them.
 */
final class SpanIds {
    private SpanIds() {
    }

    /** A span id (8 bytes) as a long; 0 for an absent or malformed id. */
    static long id(ByteString spanId) {
        return spanId.size() == 8 ? bytes(spanId, 0, 8) : 0;
    }

    /** The run seed at the head of a trace id; 0 when it is not 16 bytes. */
    static long seed(ByteString traceId) {
        return traceId.size() == 16 ? bytes(traceId, 0, 8) : 0;
    }

    static int user(ByteString traceId) {
        return (int) bytes(traceId, 8, 4);
    }

    static int conversation(ByteString traceId) {
        return (int) bytes(traceId, 12, 2);
    }

    static int turn(ByteString traceId) {
        return (int) bytes(traceId, 14, 2);
    }

    private static long bytes(ByteString b, int from, int n) {
        long v = 0;
        for (int i = from; i < from + n; i++) {
            v = (v << 8) | (b.byteAt(i) & 0xff);
        }
        return v;
    }
}
