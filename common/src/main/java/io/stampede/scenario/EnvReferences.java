package io.stampede.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${VAR}} references hidden from the YAML parser, and given back in every scalar.
 *
 * <p>Why: variables are replaced "before anything else", so a user writes them where a value
 * goes, also inside a flow mapping ({@code request: { stream: ${STREAM:-true} }}), where
 * {@code {}} and {@code ,} are YAML's own punctuation and the text would not parse. Each
 * reference is swapped, before parsing, for a token of the same length made of private-use
 * characters, which YAML reads as a plain word in any context; {@link #restore} puts the
 * reference back into each scalar the parser made, so {@link EnvSubstitution} sees the text as
 * written and line:column stay exact. References whose default holds a quote or a backslash
 * are left to the parser: inside a quoted scalar those characters mean something to YAML.
 *
 * <p>A token is {@link #MARK} followed by the reference's index in base 1024 (one private-use
 * character per digit), as many digits as the reference has characters after its {@code $}.
 */
final class EnvReferences {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}\\n'\"\\\\]*)?}");
    private static final char MARK = '\uF8FF';
    private static final char DIGIT_ZERO = '\uE000';
    private static final int BASE = 1024;

    private final String text;
    private final List<String> references;

    private EnvReferences(String text, List<String> references) {
        this.text = text;
        this.references = references;
    }

    /** The text with every reference hidden (same length, same line:column for everything else). */
    static EnvReferences hide(String text) {
        if (text.indexOf("${") < 0) {
            return new EnvReferences(text, List.of());
        }
        List<String> references = new ArrayList<>();
        StringBuilder out = new StringBuilder(text.length());
        Matcher m = REFERENCE.matcher(text);
        int last = 0;
        while (m.find()) {
            out.append(text, last, m.start()).append(token(references.size(), m.end() - m.start()));
            references.add(m.group());
            last = m.end();
        }
        out.append(text, last, text.length());
        return new EnvReferences(out.toString(), references);
    }

    String text() {
        return text;
    }

    /** A scalar (or a message) with the references put back as written. */
    String restore(String scalar) {
        if (references.isEmpty() || scalar == null || scalar.indexOf(MARK) < 0) {
            return scalar;
        }
        StringBuilder out = new StringBuilder(scalar.length());
        int i = 0;
        while (i < scalar.length()) {
            char c = scalar.charAt(i);
            int digits = c == MARK ? digitsAt(scalar, i + 1) : 0;
            int index = digits == 0 ? -1 : index(scalar, i + 1, digits);
            if (index >= 0 && index < references.size() && references.get(index).length() == digits + 1) {
                out.append(references.get(index));
                i += digits + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static String token(int index, int length) {
        char[] token = new char[length];
        token[0] = MARK;
        int n = index;
        for (int i = length - 1; i > 0; i--) {
            token[i] = (char) (DIGIT_ZERO + n % BASE);
            n /= BASE;
        }
        return new String(token);
    }

    private static int digitsAt(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= DIGIT_ZERO && s.charAt(i) < DIGIT_ZERO + BASE) {
            i++;
        }
        return i - from;
    }

    private static int index(String s, int from, int digits) {
        long n = 0;
        for (int i = from; i < from + digits; i++) {
            n = n * BASE + (s.charAt(i) - DIGIT_ZERO);
            if (n > Integer.MAX_VALUE) {
                return -1;
            }
        }
        return (int) n;
    }
}
