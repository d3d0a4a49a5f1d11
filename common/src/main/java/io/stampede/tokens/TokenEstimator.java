package io.stampede.tokens;

import java.util.ArrayList;
import java.util.List;

/**
 * A token count without a tokenizer: the fallback when a target reports no usage (the worker
 * marks such counts as estimates, {@code Usage.reported == false}) and the demo agent's own
 * count. One token per CJK character (ideographs, kana, hangul and CJK punctuation, as BPE
 * tokenizers roughly do) and one per four other characters, rounded up, so any non-empty text
 * counts at least one token. Close enough for cost and context-size figures, not for billing:
 * where the model's real tokenizer is known, it is the one to use.
 *
 * <p>Stateless; allocates nothing but the pieces of {@link #pieces}.
 */
public final class TokenEstimator {
    /** Below this code point (Hangul Jamo, the first CJK script's block) no character is CJK. */
    private static final int FIRST_CJK = 0x1100;

    private TokenEstimator() {
    }

    /** The estimated tokens of {@code text}; 0 for null or empty. */
    public static int estimate(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        int cjk = 0;
        int other = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (isCjk(cp)) {
                cjk++;
            } else {
                other++;
            }
            i += Character.charCount(cp);
        }
        return cjk + (other + 3) / 4;
    }

    /**
     * The text cut into token-sized pieces, as a model would stream it: one per CJK character,
     * one per four other characters in a row. Concatenated, the pieces give the text back.
     */
    public static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        StringBuilder other = new StringBuilder();
        int otherChars = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (isCjk(cp)) {
                if (otherChars > 0) {
                    pieces.add(other.toString());
                    other.setLength(0);
                    otherChars = 0;
                }
                pieces.add(new String(Character.toChars(cp)));
            } else {
                other.appendCodePoint(cp);
                if (++otherChars == 4) {
                    pieces.add(other.toString());
                    other.setLength(0);
                    otherChars = 0;
                }
            }
        }
        if (otherChars > 0) {
            pieces.add(other.toString());
        }
        return pieces;
    }

    /** True when the text holds at least one Chinese, Japanese or Korean letter (punctuation alone does not count). */
    public static boolean hasCjkLetters(String text) {
        return text.codePoints().anyMatch(TokenEstimator::isCjkLetter);
    }

    private static boolean isCjk(int cp) {
        if (cp < FIRST_CJK) {
            return false; // Latin, Greek, Cyrillic, Arabic, Indic…: no lookup for the common case
        }
        if (isCjkLetter(cp)) {
            return true;
        }
        Character.UnicodeBlock block = Character.UnicodeBlock.of(cp);
        return block == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
                || block == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS;
    }

    private static boolean isCjkLetter(int cp) {
        if (cp < FIRST_CJK) {
            return false;
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.HAN
                || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA
                || script == Character.UnicodeScript.HANGUL;
    }
}
