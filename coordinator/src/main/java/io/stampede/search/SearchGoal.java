package io.stampede.search;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a capacity search looks for: the share of good conversations that must hold at a level,
 * {@code goodput >= 95%} (good: every check passed and every SLO held; without {@code slo:}, every
 * check passed). Decided per level on the lower bound of a confidence interval, never on one lucky
 * second.
 *
 * @param metric  {@code goodput}
 * @param percent the share that must hold, 0–100
 */
public record SearchGoal(String metric, double percent) {
    private static final Pattern GOAL = Pattern.compile("\\s*(goodput)\\s*>=?\\s*([0-9]+(?:\\.[0-9]+)?)\\s*%\\s*");

    /** @throws IllegalArgumentException with a sentence saying what to write */
    public static SearchGoal parse(String text) {
        Matcher m = GOAL.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a goal: write e.g. \"goodput >= 95%\"");
        }
        double pct = Double.parseDouble(m.group(2));
        if (pct <= 0 || pct >= 100) {
            throw new IllegalArgumentException("the goal's share must be above 0% and below 100%, got " + m.group(2) + "%");
        }
        return new SearchGoal(m.group(1), pct);
    }

    @Override
    public String toString() {
        return metric + " >= " + (percent == Math.rint(percent) ? String.valueOf((long) percent)
                : String.format(Locale.ROOT, "%s", percent)) + "%";
    }
}
