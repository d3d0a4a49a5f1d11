package io.stampede.compare;

import java.util.Locale;

/**
 * When a difference between two runs is a regression, with the defaults in one place.
 *
 * <ul>
 *   <li>{@code tolerancePct}: latency, tokens and cost may grow by this many percent (default 10);</li>
 *   <li>{@code rateTolerancePoints}: success and pass rates may drop by this many percentage points
 *       (default 1): a relative tolerance on a rate near 100% would hide real failures;</li>
 *   <li>{@code minLatencyDeltaMs}: a latency change smaller than this is noise, whatever its percent
 *       (default 1 ms: a 2 ms memory lookup becoming 3 ms is not what a team gates on).</li>
 * </ul>
 */
public record CompareOptions(double tolerancePct, double rateTolerancePoints, double minLatencyDeltaMs) {
    public static final CompareOptions DEFAULTS = new CompareOptions(10, 1, 1);

    public CompareOptions {
        if (!(tolerancePct >= 0) || !(rateTolerancePoints >= 0) || !(minLatencyDeltaMs >= 0)) {
            throw new IllegalArgumentException("tolerances must be numbers >= 0");
        }
    }

    public CompareOptions withTolerance(double pct) {
        return new CompareOptions(pct, rateTolerancePoints, minLatencyDeltaMs);
    }

    public CompareOptions withRateTolerance(double points) {
        return new CompareOptions(tolerancePct, points, minLatencyDeltaMs);
    }

    /**
     * Reads a tolerance as users write it: {@code 10%}, {@code 10} or {@code 7.5%}.
     *
     * @throws IllegalArgumentException with a sentence naming {@code what}, when it is not a number >= 0
     */
    public static double parsePercent(String text, String what) {
        String t = text == null ? "" : text.trim();
        if (t.endsWith("%")) {
            t = t.substring(0, t.length() - 1).trim();
        }
        try {
            double v = Double.parseDouble(t);
            if (v >= 0 && !Double.isInfinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(String.format(Locale.ROOT, "%s must be a percentage like 10%%, got '%s'", what, text));
    }
}
