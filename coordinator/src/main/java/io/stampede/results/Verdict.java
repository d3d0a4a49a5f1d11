package io.stampede.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a run comes to, in the words every surface uses: the banner of the dashboard's run page,
 * the runs list, report.html's header, the terminal's last line and the JUnit report all show
 * this headline, so a run never looks green in one place and red in another.
 *
 * <p>A verdict is decided on <em>criteria</em>, each judged pass or fail; today a run's criteria
 * are its thresholds. A new kind of rule (an SLO, a goodput target, a statistical gate) becomes
 * one more {@link Criterion} kind fed to {@link #judge}; the outcome and the words follow.
 *
 * <p>A run that did not finish (aborted, failed) is not judged on its partial figures: its
 * outcome says why it ended. {@link Outcome#exitCode()} is {@code stampede run}'s exit code
 * (README.md: 0 all thresholds hold, 1 a threshold failed, 3 not carried out).
 */
public record Verdict(Outcome outcome, String headline, int judged, List<Criterion> failed) {
    /** How many failed criteria the headline names before "and N more". */
    static final int NAMED = 2;

    public enum Outcome {
        /** Finished, and every criterion holds. */
        PASSED("passed", "✓", 0),
        /** Finished, and a criterion failed. */
        FAILED("failed", "✗", 1),
        /** Finished, with nothing to judge it on: not green, not red. */
        FINISHED("finished", "○", 0),
        /** Stopped before its end (Ctrl-C, the API, a lost coordinator, on_worker_loss: abort). */
        ABORTED("aborted", "✗", 3),
        /** Could not be carried out (no worker, a target that never answered, …). */
        ERROR("error", "✗", 3),
        /** Not over yet. */
        RUNNING("running", "…", -1);

        private final String wireName;
        private final String symbol;
        private final int exitCode;

        Outcome(String wireName, String symbol, int exitCode) {
            this.wireName = wireName;
            this.symbol = symbol;
            this.exitCode = exitCode;
        }

        @JsonValue
        public String wireName() {
            return wireName;
        }

        /** ✓, ✗, ○ or …: shape as well as colour, for terminals and screens without colour. */
        public String symbol() {
            return symbol;
        }

        /** {@code stampede run}'s exit code for this outcome; -1 while running. */
        public int exitCode() {
            return exitCode;
        }

        public boolean isGood() {
            return this == PASSED || this == FINISHED;
        }

        @JsonCreator
        public static Outcome of(String wireName) {
            for (Outcome o : values()) {
                if (o.wireName.equals(wireName)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("no verdict outcome " + wireName);
        }
    }

    /** One judged rule: {@code kind} threshold (an SLO, goodput, … later), its name as written, and what was found. */
    public record Criterion(String kind, String name, boolean passed, String detail) {
    }

    /** The verdict of a run's summary. */
    public static Verdict of(Summary summary) {
        List<Criterion> criteria = new ArrayList<>();
        for (Summary.ThresholdResult t : summary.thresholds() == null ? List.<Summary.ThresholdResult>of() : summary.thresholds()) {
            criteria.add(new Criterion("threshold", t.expression() == null ? t.metric() : t.expression(), t.passed(), detail(t)));
        }
        return judge(summary.status(), summary.reason(), criteria);
    }

    /**
     * The verdict of a run in {@code status} ({@code done}, {@code aborted}, …) on these criteria
     * (ignored unless the run finished).
     */
    public static Verdict judge(String status, String reason, List<Criterion> criteria) {
        String why = reason == null || reason.isBlank() ? null : reason.startsWith("stopped: ") ? reason.substring(9) : reason;
        switch (status == null ? "" : status) {
            case "done" -> {
                List<Criterion> failed = criteria.stream().filter(c -> !c.passed()).toList();
                int n = criteria.size();
                if (n == 0) {
                    return new Verdict(Outcome.FINISHED, "finished; no thresholds to judge it by", 0, List.of());
                }
                if (failed.isEmpty()) {
                    return new Verdict(Outcome.PASSED, n == 1 ? "the threshold holds" : "all " + n + " thresholds hold", n, List.of());
                }
                return new Verdict(Outcome.FAILED, failed.size() + " of " + n + " threshold" + (n == 1 ? "" : "s") + " failed ("
                        + named(failed) + ")", n, failed);
            }
            case "aborted" -> {
                return new Verdict(Outcome.ABORTED, "aborted" + (why == null ? "" : " (" + why + ")")
                        + ": partial results, not judged", 0, List.of());
            }
            case "failed" -> {
                return new Verdict(Outcome.ERROR, "could not be carried out" + (why == null ? "" : ": " + why), 0, List.of());
            }
            default -> {
                return new Verdict(Outcome.RUNNING, status == null || status.isEmpty() ? "pending" : status, 0, List.of());
            }
        }
    }

    /** For a record that kept only whether the thresholds held (a run.json of an older version). */
    public static Verdict coarse(String status, String reason, Boolean thresholdsPassed) {
        if ("done".equals(status) && thresholdsPassed != null && !thresholdsPassed) {
            return new Verdict(Outcome.FAILED, "thresholds failed", 0, List.of());
        }
        if ("done".equals(status) && thresholdsPassed != null) {
            return new Verdict(Outcome.PASSED, "thresholds hold", 0, List.of());
        }
        return judge(status, reason, List.of());
    }

    /** The line the terminal ends with: {@code ✗ 1 of 5 thresholds failed (…) → exit 1}. */
    public String line(int exitCode) {
        return outcome.symbol() + " " + headline + " → exit " + exitCode;
    }

    private static String named(List<Criterion> failed) {
        List<String> parts = failed.stream().limit(NAMED).map(Criterion::detail).toList();
        String more = failed.size() > NAMED ? "; and " + (failed.size() - NAMED) + " more" : "";
        return String.join("; ", parts) + more;
    }

    /**
     * A threshold as found: {@code success_rate 90.9% < 99%}, the actual figure with the comparison
     * that describes it (the opposite of the rule when it failed), in the rule's unit, with just
     * three significant digits, more where needed for the figures printed to compare as the real ones do.
     */
    public static String detail(Summary.ThresholdResult t) {
        if (t.actual() == null) {
            return t.metric() + " not measured";
        }
        if (t.comparison() == null) {
            return t.message(); // a summary from before comparisons were kept
        }
        double actual = t.actual();
        double limit = t.limit();
        String symbol = t.passed() ? t.comparison() : opposite(t.comparison());
        String unit = t.unit() == null ? "" : t.unit();
        int decimals = significant(inSeconds(actual, unit) ? actual / 1000 : actual);
        while (decimals < 6 && !holds(symbol, round(actual, unit, decimals), round(limit, unit, 6))) {
            decimals++;
        }
        return t.metric() + " " + figure(actual, unit, decimals) + " " + symbol + " " + figure(limit, unit, 6);
    }

    /** Decimals that show three significant digits (none for 100 and above). */
    private static int significant(double v) {
        double a = Math.abs(v);
        return a == 0 ? 0 : Math.max(0, Math.min(6, 2 - (int) Math.floor(Math.log10(a))));
    }

    private static String opposite(String symbol) {
        return switch (symbol) {
            case "<" -> ">=";
            case "<=" -> ">";
            case ">" -> "<=";
            case ">=" -> "<";
            case "==" -> "!=";
            default -> "not " + symbol;
        };
    }

    private static boolean holds(String symbol, double a, double b) {
        return switch (symbol) {
            case "<" -> a < b;
            case "<=" -> a <= b;
            case ">" -> a > b;
            case ">=" -> a >= b;
            case "==" -> a == b;
            case "!=" -> a != b;
            default -> true;
        };
    }

    /** Milliseconds of a second or more are shown in seconds. */
    private static boolean inSeconds(double v, String unit) {
        return unit.equals("ms") && Math.abs(v) >= 1000;
    }

    private static double round(double v, String unit, int decimals) {
        double shown = inSeconds(v, unit) ? v / 1000 : v;
        double f = Math.pow(10, decimals);
        double rounded = Math.round(shown * f) / f;
        return inSeconds(v, unit) ? rounded * 1000 : rounded;
    }

    static String figure(double v, String unit, int decimals) {
        boolean seconds = inSeconds(v, unit);
        double shown = seconds ? v / 1000 : v;
        String number = String.format(Locale.ROOT, "%." + decimals + "f", shown);
        if (number.contains(".")) {
            number = number.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return switch (unit) {
            case "ms" -> number + (seconds ? " s" : " ms");
            case "%" -> number + "%";
            default -> number;
        };
    }
}
