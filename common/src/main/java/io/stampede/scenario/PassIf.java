package io.stampede.scenario;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A judge's pass condition on its score, e.g. {@code ">= 4"}. */
public record PassIf(String op, double value) {
    private static final Pattern FORM = Pattern.compile("\\s*(<=|>=|==|<|>)\\s*(-?[0-9]+(?:\\.[0-9]+)?)\\s*");

    /** @throws IllegalArgumentException with a sentence saying how to write it */
    public static PassIf parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a condition on the score: write e.g. \">= 4\" (quoted)");
        }
        return new PassIf(m.group(1), Double.parseDouble(m.group(2)));
    }

    public boolean holds(double score) {
        return switch (op) {
            case "<" -> score < value;
            case "<=" -> score <= value;
            case ">" -> score > value;
            case ">=" -> score >= value;
            default -> score == value;
        };
    }

    @Override
    public String toString() {
        String v = value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%s", value);
        return op + " " + v;
    }
}
