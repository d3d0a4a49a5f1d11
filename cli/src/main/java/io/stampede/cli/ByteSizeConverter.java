package io.stampede.cli;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A command-line size written as in scenarios ({@code max_reply_bytes}): a whole number of bytes,
 * or a number with a unit — {@code KiB}, {@code MiB}, {@code GiB}, {@code KB}, {@code MB}, {@code GB}, {@code B}.
 */
final class ByteSizeConverter implements ITypeConverter<Long> {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([A-Za-z]*)");
    private static final Map<String, Long> UNITS = Map.of("", 1L, "b", 1L, "kb", 1000L, "mb", 1000_000L,
            "gb", 1000_000_000L, "kib", 1024L, "mib", 1024L * 1024, "gib", 1024L * 1024 * 1024);

    @Override
    public Long convert(String value) {
        Matcher m = SIZE.matcher(value.strip());
        Long unit = m.matches() ? UNITS.get(m.group(2).toLowerCase(Locale.ROOT)) : null;
        if (unit == null) {
            throw new TypeConversionException("'" + value + "' is not a size: write e.g. 64MiB (units: B, KB, MB, GB, KiB,"
                    + " MiB, GiB)");
        }
        return Math.round(Double.parseDouble(m.group(1)) * unit);
    }
}
