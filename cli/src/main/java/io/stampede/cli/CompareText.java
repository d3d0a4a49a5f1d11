package io.stampede.cli;

import java.io.PrintStream;
import java.util.Locale;

import io.stampede.compare.Comparison;

/**
 * {@code stampede compare} as text: the verdict first (red or green on a terminal, never colour
 * alone: the words say it too, and no colour at all with {@code NO_COLOR}), warnings, then one line per
 * metric with the change, its 95 % interval and the adjusted p-value.
 */
final class CompareText {
    private static final String RED = "\u001b[31m";
    private static final String GREEN = "\u001b[32m";
    private static final String RESET = "\u001b[0m";

    private CompareText() {
    }

    /** Colour only on a terminal, and never when NO_COLOR is set to anything (no-color.org). */
    static boolean colour(boolean terminal, String noColor) {
        return terminal && (noColor == null || noColor.isEmpty());
    }

    static void print(Comparison c, PrintStream out, boolean colour) {
        out.println(paint(c.verdict(), c.regressed() ? RED : GREEN, colour));
        c.warnings().forEach(w -> out.println("warning: " + w));
        out.println();
        for (Comparison.RunRef b : c.baselines()) {
            out.printf(Locale.ROOT, "base      %s  %s  %d users  %.0fs%n", b.runId(), b.scenario(), b.users(), b.durationS());
        }
        out.printf(Locale.ROOT, "candidate %s  %s  %d users  %.0fs%n", c.candidate().runId(), c.candidate().scenario(),
                c.candidate().users(), c.candidate().durationS());
        out.printf(Locale.ROOT, "a regression: worse with adjusted p < %s (Holm over %d tested metrics) and beyond the floor"
                        + " (latency +%s%% and +%s ms, tokens/cost +%s%%, rates -%s points)%n%n", trim(c.options().alpha()), c.tested(),
                trim(c.options().tolerancePct()), trim(c.options().minLatencyDeltaMs()), trim(c.options().tolerancePct()),
                trim(c.options().rateTolerancePoints()));
        String format = "%-6s %-24s %-24s %11s %11s %10s %-23s %9s  %s%n";
        out.printf(Locale.ROOT, format, "scope", "name", "metric", "base", "candidate", "change", "95% interval", "p (adj)", "");
        for (Comparison.Line l : c.lines()) {
            out.printf(Locale.ROOT, format, l.scope(), cut(l.name(), 24), cut(l.metric(), 24), value(l.base(), l.unit()),
                    value(l.candidate(), l.unit()), change(l), interval(l), l.pAdjusted() == null ? "" : p(l.pAdjusted()),
                    mark(l, colour));
        }
        c.notes().forEach(n -> out.println("note: " + n));
    }

    private static String mark(Comparison.Line l, boolean colour) {
        return switch (l.verdict()) {
            case "regression" -> paint("REGRESSION", RED, colour);
            case "improvement" -> paint("better", GREEN, colour);
            case "new", "gone" -> l.verdict();
            default -> l.effect() == null ? "" : l.effect();
        };
    }

    private static String paint(String text, String code, boolean colour) {
        return colour ? code + text + RESET : text;
    }

    static String change(Comparison.Line l) {
        if (l.delta() == null) {
            return "";
        }
        if (l.unit().equals("%")) {
            return String.format(Locale.ROOT, "%+.2fpt", l.delta());
        }
        if (l.deltaPct() == null) {
            return l.unit().equals("ms") ? String.format(Locale.ROOT, "%+.2f ms", l.delta()) : String.format(Locale.ROOT, "%+.3g", l.delta());
        }
        return String.format(Locale.ROOT, "%+.1f%%", l.deltaPct());
    }

    private static String interval(Comparison.Line l) {
        if (l.ciLow() == null) {
            return "";
        }
        String u = l.unit().equals("%") ? "pt" : l.unit().equals("ms") ? " ms" : "";
        return String.format(Locale.ROOT, "[%+.3g, %+.3g]%s", l.ciLow(), l.ciHigh(), u);
    }

    private static String p(double p) {
        return p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
    }

    private static String value(Double v, String unit) {
        if (v == null) {
            return "-";
        }
        return switch (unit) {
            case "ms" -> v >= 1000 ? String.format(Locale.ROOT, "%.2fs", v / 1000) : String.format(Locale.ROOT, "%.1fms", v);
            case "%" -> String.format(Locale.ROOT, "%.2f%%", v);
            case "USD" -> String.format(Locale.ROOT, "$%.3g", v);
            default -> trim(v);
        };
    }

    private static String trim(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e12 ? String.valueOf((long) v)
                : new java.math.BigDecimal(String.format(Locale.ROOT, "%.4g", v)).stripTrailingZeros().toPlainString();
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }
}
