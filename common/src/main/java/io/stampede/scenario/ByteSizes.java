package io.stampede.scenario;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size written with its unit, as scenarios write them ({@code max_reply_bytes: 4MiB}) and the
 * command line takes them ({@code --reply-budget 64MiB}): a number and {@code KiB}, {@code MiB},
 * {@code GiB} (powers of 1024), {@code KB}, {@code MB}, {@code GB} (powers of 1000) or {@code B},
 * in any case, with or without a space.
 */
public final class ByteSizes {
    /** What an error says the units are. */
    public static final String UNITS = "units: B, KB, MB, GB, KiB, MiB, GiB";
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([A-Za-z]+)");
    private static final Map<String, Long> MULTIPLIERS = Map.of("b", 1L, "kb", 1000L, "mb", 1000_000L,
            "gb", 1000_000_000L, "kib", 1024L, "mib", 1024L * 1024, "gib", 1024L * 1024 * 1024);

    private ByteSizes() {
    }

    /** The bytes {@code text} says (a number and a unit), or null when it is not such a size. */
    public static Double parse(String text) {
        Matcher m = SIZE.matcher(text.strip());
        Long unit = m.matches() ? MULTIPLIERS.get(m.group(2).toLowerCase(Locale.ROOT)) : null;
        return unit == null ? null : Double.parseDouble(m.group(1)) * unit;
    }
}
