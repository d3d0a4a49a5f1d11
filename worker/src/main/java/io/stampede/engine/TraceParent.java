package io.stampede.engine;

/**
 * W3C {@code traceparent} values that name the simulated user and turn, so an agent's own
 * traces can be matched to them: the trace id is the run's seed (8 bytes), the user index
 * (4 bytes), the conversation number (2 bytes) and the turn (2 bytes); the span id is random.
 */
final class TraceParent {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TraceParent() {
    }

    /** {@code span}: the span id, not 0 (W3C: an all-zero span id is invalid). */
    static String of(long runSeed, int userId, int iteration, int turn, long span) {
        char[] out = new char[55];
        out[0] = '0';
        out[1] = '0';
        out[2] = '-';
        hex(out, 3, runSeed, 16);
        hex(out, 19, userId & 0xffffffffL, 8);
        hex(out, 27, iteration & 0xffffL, 4);
        hex(out, 31, turn & 0xffffL, 4);
        out[35] = '-';
        hex(out, 36, span, 16);
        out[52] = '-';
        out[53] = '0';
        out[54] = '1';
        return new String(out);
    }

    private static void hex(char[] out, int at, long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[at + i] = HEX[(int) (value & 0xf)];
            value >>>= 4;
        }
    }
}
