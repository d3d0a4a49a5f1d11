package io.stampede.time;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the time values of scenarios: {@code 1500ms}, {@code 10s}, {@code 2m}, {@code 1h}, {@code 1.5s}, {@code 1m30s}. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h))+");
    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*/\\s*(ms|s|m|h|sec|second|min|minute|hour)");

    private Durations() {
    }

    /** @throws IllegalArgumentException with a plain sentence */
    public static Duration parse(String text) {
        String t = text.strip();
        if (!WHOLE.matcher(t).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: write e.g. 1500ms, 10s, 2m or 1h");
        }
        Matcher m = PART.matcher(t);
        long nanos = 0;
        while (m.find()) {
            double value = Double.parseDouble(m.group(1));
            nanos += (long) (value * unitNanos(m.group(2)));
        }
        return Duration.ofNanos(nanos);
    }

    /** {@code 1s..3s} or a single duration. */
    public static DurationRange parseRange(String text) {
        int dots = text.indexOf("..");
        if (dots < 0) {
            return DurationRange.fixed(parse(text));
        }
        Duration min = parse(text.substring(0, dots));
        Duration max = parse(text.substring(dots + 2));
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException("'" + text + "' ends before it starts: write the smaller value first");
        }
        return new DurationRange(min, max);
    }

    /** {@code 20/s}, {@code 600/m}. */
    public static Rate parseRate(String text) {
        Matcher m = RATE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a rate: write e.g. 20/s or 600/m");
        }
        double count = Double.parseDouble(m.group(1));
        if (count <= 0) {
            throw new IllegalArgumentException("'" + text + "' must be more than zero");
        }
        String unit = switch (m.group(2)) {
            case "sec", "second" -> "s";
            case "min", "minute" -> "m";
            case "hour" -> "h";
            default -> m.group(2);
        };
        return new Rate(count, Duration.ofNanos((long) unitNanos(unit)));
    }

    private static double unitNanos(String unit) {
        return switch (unit) {
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            case "h" -> 3600e9;
            default -> throw new IllegalStateException(unit);
        };
    }

    /** The shortest form for humans: 1500ms, 10s, 2m, 1h30m. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0 || ms == 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        StringBuilder out = new StringBuilder();
        if (s >= 3600) {
            out.append(s / 3600).append('h');
            s %= 3600;
        }
        if (s >= 60) {
            out.append(s / 60).append('m');
            s %= 60;
        }
        if (s > 0) {
            out.append(s).append('s');
        }
        return out.toString();
    }
}
