package io.stampede.compare;

import java.util.Locale;

/**
 * When a difference between two runs is a regression, with the defaults in one place. A change is
 * a regression only when it is both <em>significant</em> — its test's p-value, adjusted over every
 * metric compared (Holm), is below {@code alpha} — and <em>practical</em>, beyond a floor:
 *
 * <ul>
 *   <li>{@code tolerancePct}: latency, tokens and cost may grow by this many percent (default 5);</li>
 *   <li>{@code minLatencyDeltaMs}: and a latency change must be more than this many ms (default 5:
 *       a 2 ms memory lookup becoming 3 ms is not what a team gates on, however certain);</li>
 *   <li>{@code rateTolerancePoints}: success, pass rates and goodput may drop by this many percentage
 *       points (default 1): a relative tolerance on a rate near 100 % would hide real failures;</li>
 *   <li>{@code alpha}: the family-wise error rate over all metrics of one comparison (default 0.01).</li>
 * </ul>
 * Tokens and cost have no per-execution spread in a run's files, so they are judged on the floor alone.
 */
public record CompareOptions(double tolerancePct, double rateTolerancePoints, double minLatencyDeltaMs, double alpha) {
    public static final CompareOptions DEFAULTS = new CompareOptions(5, 1, 5, 0.01);

    public CompareOptions {
        if (!(tolerancePct >= 0) || !(rateTolerancePoints >= 0) || !(minLatencyDeltaMs >= 0)) {
            throw new IllegalArgumentException("tolerances must be numbers >= 0");
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be between 0 and 1, e.g. 0.01");
        }
    }

    /** Without alpha: the default one. */
    public CompareOptions(double tolerancePct, double rateTolerancePoints, double minLatencyDeltaMs) {
        this(tolerancePct, rateTolerancePoints, minLatencyDeltaMs, DEFAULTS.alpha());
    }

    public CompareOptions withTolerance(double pct) {
        return new CompareOptions(pct, rateTolerancePoints, minLatencyDeltaMs, alpha);
    }

    public CompareOptions withRateTolerance(double points) {
        return new CompareOptions(tolerancePct, points, minLatencyDeltaMs, alpha);
    }

    public CompareOptions withMinLatencyDelta(double ms) {
        return new CompareOptions(tolerancePct, rateTolerancePoints, ms, alpha);
    }

    public CompareOptions withAlpha(double a) {
        return new CompareOptions(tolerancePct, rateTolerancePoints, minLatencyDeltaMs, a);
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
