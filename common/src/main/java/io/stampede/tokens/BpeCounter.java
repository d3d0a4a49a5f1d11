package io.stampede.tokens;

import com.knuddels.jtokkit.api.Encoding;

/**
 * A count with one of OpenAI's byte-pair encodings (tiktoken's o200k_base, cl100k_base,
 * p50k_base, r50k_base, through the jtokkit library): the number of tokens the model itself
 * would see for the text, special-token texts counted as ordinary text.
 *
 * <p>Its cost is bounded per call: a BPE count runs at some 5–30 MB of text per second on one
 * core, so a text longer than {@link #EXACT_CHARS} characters is counted exactly up to there and
 * the rest at the same tokens per character — a reply of tens of thousands of tokens is counted
 * exactly, a pathological one of megabytes costs at most some tens of milliseconds of its lane's
 * event loop. The encoding is immutable and shared by every lane.
 */
final class BpeCounter implements TokenCounter {
    /** Characters counted exactly per call; beyond, the count is scaled (about 32,000 English tokens). */
    static final int EXACT_CHARS = 128 * 1024;

    private final String name;
    private final Encoding encoding;

    BpeCounter(String name, Encoding encoding) {
        this.name = name;
        this.encoding = encoding;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        if (text.length() <= EXACT_CHARS) {
            return encoding.countTokensOrdinary(text);
        }
        int cut = EXACT_CHARS;
        if (Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--; // never split a character in two
        }
        long counted = encoding.countTokensOrdinary(text.substring(0, cut));
        return Math.round((double) counted * text.length() / cut);
    }

    @Override
    public String toString() {
        return name;
    }
}
