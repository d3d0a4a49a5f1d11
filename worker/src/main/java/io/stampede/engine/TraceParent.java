package io.stampede.engine;

import java.util.SplittableRandom;

/**
 * W3C {@code traceparent} values that name the simulated user and turn, so an agent's own
 * traces can be matched to them: the trace id is the run's seed (8 bytes), the user index
 * (4 bytes), the conversation number (2 bytes) and the turn (2 bytes); the span id is random.
 */
final class TraceParent {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TraceParent() {
    }

    static String of(long runSeed, int userId, int iteration, int turn, SplittableRandom random) {
        char[] out = new char[55];
        out[0] = '0';
        out[1] = '0';
        out[2] = '-';
        hex(out, 3, runSeed, 16);
        hex(out, 19, userId & 0xffffffffL, 8);
        hex(out, 27, iteration & 0xffffL, 4);
        hex(out, 31, turn & 0xffffL, 4);
        out[35] = '-';
        long span = random.nextLong();
        hex(out, 36, span == 0 ? 1 : span, 16);
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
