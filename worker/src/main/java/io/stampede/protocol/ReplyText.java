package io.stampede.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What is kept of a text that arrives in pieces — a streamed reply, its reasoning, a tool call's
 * arguments: its UTF-8 bytes up to the room its owner gives at each piece, cut on a character's
 * boundary, and the length of the rest, which is counted and dropped. The kept bytes become a
 * String once, when asked for at the end of the turn.
 *
 * <p>Memory: the kept bytes (never more than the room given; the buffer grows by doubling but
 * never past it) until {@link #toString} makes them a String, which then replaces them. Appending
 * allocates only when the buffer grows. Not thread-safe: one per turn, on the lane's event loop.
 */
public final class ReplyText {
    private static final byte[] NONE = new byte[0];

    private byte[] bytes = NONE;
    private int kept;
    private long total;
    private boolean cut;
    private String text;

    /**
     * Adds {@code piece}: its UTF-8 bytes while they fit in {@code room} more, all of them counted.
     * Once one character did not fit, nothing more is kept (the kept text stays a prefix).
     *
     * @return the bytes kept of this piece
     */
    public int append(String piece, int room) {
        if (piece == null || piece.isEmpty()) {
            return 0;
        }
        if (text != null) {
            bytes = text.getBytes(StandardCharsets.UTF_8); // more after the String was made: rare, never per event
            text = null;
        }
        int n = piece.length();
        int i = 0;
        int start = kept;
        if (!cut) {
            int limit = kept + Math.max(0, room);
            for (; i < n; i++) {
                char c = piece.charAt(i);
                int length = c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isHighSurrogate(c) && i + 1 < n
                        && Character.isLowSurrogate(piece.charAt(i + 1)) ? 4 : 3;
                if (kept + length > limit) {
                    cut = true;
                    break;
                }
                ensure(kept + length, limit);
                if (length == 1) {
                    bytes[kept++] = (byte) c;
                } else if (length == 2) {
                    bytes[kept++] = (byte) (0xc0 | c >> 6);
                    bytes[kept++] = (byte) (0x80 | c & 0x3f);
                } else if (length == 3) {
                    // A lone surrogate is written as U+FFFD, as String.getBytes does.
                    int cp = Character.isSurrogate(c) ? 0xfffd : c;
                    bytes[kept++] = (byte) (0xe0 | cp >> 12);
                    bytes[kept++] = (byte) (0x80 | cp >> 6 & 0x3f);
                    bytes[kept++] = (byte) (0x80 | cp & 0x3f);
                } else {
                    int cp = Character.toCodePoint(c, piece.charAt(++i));
                    bytes[kept++] = (byte) (0xf0 | cp >> 18);
                    bytes[kept++] = (byte) (0x80 | cp >> 12 & 0x3f);
                    bytes[kept++] = (byte) (0x80 | cp >> 6 & 0x3f);
                    bytes[kept++] = (byte) (0x80 | cp & 0x3f);
                }
            }
        }
        total += kept - start + utf8Length(piece, i);
        return kept - start;
    }

    private void ensure(int needed, int limit) {
        if (needed > bytes.length) {
            // Doubling while small; by a quarter past 1 MiB, so a long reply's buffer is close to what it holds
            // (what the worker's reply budget counts) rather than up to twice that.
            int grown = bytes.length < 1 << 20 ? bytes.length * 2 : bytes.length + (bytes.length >> 2);
            bytes = Arrays.copyOf(bytes, Math.min(limit, Math.max(needed, Math.max(64, grown))));
        }
    }

    /** UTF-8 bytes of {@code s} from {@code from} on. */
    static long utf8Length(String s, int from) {
        long length = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }

    /** Lets go of the kept bytes (a reply over the worker's budget): what arrived stays counted, nothing more is kept. */
    public void drop() {
        bytes = NONE;
        text = null;
        kept = 0;
        cut = true;
    }

    /** Nothing arrived. */
    public boolean isEmpty() {
        return total == 0;
    }

    /** Whether some of the text was dropped. */
    public boolean cut() {
        return cut;
    }

    public int keptBytes() {
        return kept;
    }

    /** UTF-8 bytes of everything that arrived, kept or not. */
    public long totalBytes() {
        return total;
    }

    /** The kept text, made once: the String replaces the bytes, so a reply is not held twice. */
    @Override
    public String toString() {
        if (text == null) {
            text = kept == 0 ? "" : new String(bytes, 0, kept, StandardCharsets.UTF_8);
            bytes = NONE;
        }
        return text;
    }
}
