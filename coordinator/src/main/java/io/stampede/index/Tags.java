package io.stampede.index;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The shape of tags and labels, checked once where they come in (the command line, the API):
 * a tag or a label's name is 1–64 letters, digits and {@code _ . : / -}; a label's value is
 * 1–256 printable characters. They end up in URLs, file names of exported reports and SQL
 * parameters, so nothing else gets in.
 */
public final class Tags {
    /** The tag that keeps a run from ever being removed by retention (--keep-runs, --keep-days). */
    public static final String PINNED = "pinned";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:/-]{1,64}");
    private static final int MAX_VALUE = 256;

    private Tags() {
    }

    /** @throws IllegalArgumentException naming {@code what} when {@code tag} is not a tag */
    public static String checkTag(String tag, String what) {
        if (tag == null || !NAME.matcher(tag).matches()) {
            throw new IllegalArgumentException(what + " '" + tag + "': a tag is 1 to 64 letters, digits and _ . : / -"
                    + " (e.g. nightly, release/1.4)");
        }
        return tag;
    }

    /** {@code NAME=VALUE} as a pair. @throws IllegalArgumentException naming {@code what} when it is not one */
    public static Map.Entry<String, String> parseLabel(String text, String what) {
        int eq = text == null ? -1 : text.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException(what + " '" + text + "': a label is NAME=VALUE, e.g. commit=3f2a9c1 or env=staging");
        }
        String name = text.substring(0, eq).trim();
        String value = text.substring(eq + 1).trim();
        checkLabel(name, value, what);
        return Map.entry(name, value);
    }

    /** @throws IllegalArgumentException naming {@code what} when this is not a label */
    public static void checkLabel(String name, String value, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " name '" + name + "': 1 to 64 letters, digits and _ . : / -");
        }
        if (value == null || value.isEmpty() || value.length() > MAX_VALUE || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(what + " " + name + ": its value must be 1 to " + MAX_VALUE
                    + " printable characters");
        }
    }
}
