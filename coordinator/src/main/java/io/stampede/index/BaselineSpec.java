package io.stampede.index;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A baseline picked from history instead of named by id, so a CI job needs no run id:
 * {@code last[:FILTERS]} is the newest matching run before the candidate; {@code median:N[,FILTERS]}
 * is, of the newest N matching runs before it (5 when N is left out), the one whose p95 is the
 * median (the lower middle one when N is even), a real run to compare with whose figures are
 * typical of its neighbours. FILTERS are comma-separated {@code tag=T}, {@code label=NAME=VALUE},
 * {@code scenario=S}, {@code status=S}, {@code verdict=V}; without {@code scenario} the candidate's
 * scenario is meant, without {@code status} only runs that are done. Examples:
 * {@code last:tag=nightly}, {@code median:5,tag=nightly,label=env=staging}.
 */
public record BaselineSpec(Kind kind, int count, String scenario, List<String> tags, Map<String, String> labels,
                           List<String> statuses, List<String> verdicts) {
    public static final int DEFAULT_WINDOW = 5;
    public static final int MAX_WINDOW = 100;

    public enum Kind { LAST, MEDIAN }

    /** Looks like a spec rather than a run id or a folder. */
    public static boolean looksLikeSpec(String text) {
        return text != null && (text.equals("last") || text.equals("median") || text.startsWith("last:")
                || text.startsWith("median:"));
    }

    /** The median of the last 5 done runs of the same scenario: the trend view's default band. */
    public static BaselineSpec defaultWindow() {
        return new BaselineSpec(Kind.MEDIAN, DEFAULT_WINDOW, null, List.of(), Map.of(), List.of(), List.of());
    }

    /** @throws IllegalArgumentException with a sentence showing the accepted forms */
    public static BaselineSpec parse(String text) {
        if (!looksLikeSpec(text)) {
            throw new IllegalArgumentException(usage("'" + text + "' is not a baseline"));
        }
        int colon = text.indexOf(':');
        Kind kind = Kind.valueOf((colon < 0 ? text : text.substring(0, colon)).toUpperCase(Locale.ROOT));
        String rest = colon < 0 ? "" : text.substring(colon + 1);
        int count = kind == Kind.LAST ? 1 : DEFAULT_WINDOW;
        String scenario = null;
        List<String> tags = new ArrayList<>();
        Map<String, String> labels = new LinkedHashMap<>();
        List<String> statuses = new ArrayList<>();
        List<String> verdicts = new ArrayList<>();
        boolean first = true;
        for (String part : rest.isEmpty() ? new String[0] : rest.split(",")) {
            String p = part.trim();
            if (first && kind == Kind.MEDIAN && p.matches("\\d+")) {
                count = Integer.parseInt(p);
                if (count < 1 || count > MAX_WINDOW) {
                    throw new IllegalArgumentException(usage("median:" + p + ": the window is 1 to " + MAX_WINDOW + " runs"));
                }
                first = false;
                continue;
            }
            first = false;
            int eq = p.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException(usage("'" + p + "' in " + text + " is not a filter"));
            }
            String name = p.substring(0, eq);
            String value = p.substring(eq + 1);
            switch (name) {
                case "tag" -> tags.add(Tags.checkTag(value, "baseline tag"));
                case "label" -> {
                    Map.Entry<String, String> label = Tags.parseLabel(value, "baseline label");
                    labels.put(label.getKey(), label.getValue());
                }
                case "scenario" -> scenario = value;
                case "status" -> statuses.add(check(value, RunQuery.STATUSES, "status"));
                case "verdict" -> verdicts.add(check(value, RunQuery.VERDICTS, "verdict"));
                default -> throw new IllegalArgumentException(usage("unknown filter '" + name + "' in " + text));
            }
        }
        return new BaselineSpec(kind, count, scenario, tags, labels, statuses, verdicts);
    }

    private static String check(String value, java.util.Set<String> known, String what) {
        if (!known.contains(value)) {
            throw new IllegalArgumentException(usage(what + " '" + value + "' is not one of " + String.join(", ",
                    known.stream().sorted().toList())));
        }
        return value;
    }

    private static String usage(String problem) {
        return problem + ": a baseline is last[:FILTERS] or median:N[,FILTERS], FILTERS being tag=T, label=NAME=VALUE,"
                + " scenario=S, status=S, verdict=V (e.g. last:tag=nightly, median:5,tag=nightly)";
    }

    /**
     * The runs this spec chooses from: newest first, of {@code scenario} unless the spec names one,
     * created before {@code beforeMs} (null: any time).
     */
    public RunQuery window(String candidateScenario, Long beforeMs) {
        return new RunQuery(scenario != null ? scenario : candidateScenario, tags, labels,
                statuses.isEmpty() ? List.of("done") : statuses, verdicts, null, beforeMs, count, 0);
    }

    /** The run a window of runs (newest first) gives: the newest, or the one with the median p95. */
    public IndexedRun pick(List<IndexedRun> window) {
        if (window.isEmpty()) {
            return null;
        }
        if (kind == Kind.LAST) {
            return window.get(0);
        }
        List<IndexedRun> byP95 = new ArrayList<>(window.stream().filter(r -> r.p95Ms() != null).toList());
        if (byP95.isEmpty()) {
            return window.get(0);
        }
        byP95.sort((a, b) -> Double.compare(a.p95Ms(), b.p95Ms()));
        return byP95.get((byP95.size() - 1) / 2);
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (kind == Kind.MEDIAN) {
            parts.add(Integer.toString(count));
        }
        if (scenario != null) {
            parts.add("scenario=" + scenario);
        }
        tags.forEach(t -> parts.add("tag=" + t));
        labels.forEach((k, v) -> parts.add("label=" + k + "=" + v));
        statuses.forEach(s -> parts.add("status=" + s));
        verdicts.forEach(v -> parts.add("verdict=" + v));
        String name = kind.name().toLowerCase(Locale.ROOT);
        return parts.isEmpty() ? name : name + ":" + String.join(",", parts);
    }
}
