package io.stampede.check;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reply of which only the start was kept: its first {@code limitBytes} (the target's
 * {@code max_reply_bytes}; {@code keptBytes} of them held, cut on a character's boundary) of
 * {@code totalBytes} that arrived, the rest counted and dropped. A check that needed the rest
 * says so in its reason, with what to do about it.
 */
public record Truncation(int limitBytes, long keptBytes, long totalBytes) {
    /** What a user does about it. */
    public static final String ADVICE = "raise target.max_reply_bytes";

    private static final Pattern SIZED = Pattern.compile(": checked only the first ([^:]+) of a [^:]+ reply: ");

    /**
     * What a check saw, for its detail: {@code "<what>: checked only the first 4 MiB of a 50 MiB
     * reply: raise target.max_reply_bytes"}.
     */
    public String explain(String what) {
        return what + ": checked only the first " + size(limitBytes) + " of a " + size(totalBytes) + " reply: "
                + ADVICE;
    }

    /**
     * The reason of a detail made by {@link #explain}, without the reply's own size (reasons
     * group the failures of a step, whatever each reply's length); null for any other detail.
     */
    public static String reasonOf(String detail) {
        Matcher m = SIZED.matcher(detail);
        if (!m.find()) {
            return null;
        }
        return detail.substring(0, m.start()) + ": checked only the first " + m.group(1) + " of a longer reply: "
                + ADVICE;
    }

    /** A size as a person reads it: {@code 900 bytes}, {@code 64 KiB}, {@code 4 MiB}, {@code 47.7 MiB}. */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        double kib = bytes / 1024.0;
        if (kib < 1024) {
            return number(kib) + " KiB";
        }
        double mib = kib / 1024;
        return mib < 1024 ? number(mib) + " MiB" : number(mib / 1024) + " GiB";
    }

    private static String number(double v) {
        return v == Math.rint(v) || v >= 100 ? String.valueOf(Math.round(v)) : String.format(Locale.ROOT, "%.1f", v);
    }
}
