package io.stampede.index;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.stampede.time.Durations;

/**
 * Which runs to list: every filter must hold (a scenario, all these tags, all these labels, any of
 * these statuses, any of these verdicts, created in a time window), newest first, a page at a time.
 * Null or empty means "any". {@link #parse} reads the runs list's query parameters (docs/API.md).
 */
public record RunQuery(String scenario, List<String> tags, Map<String, String> labels, List<String> statuses,
                       List<String> verdicts, Long since, Long until, int limit, int offset) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    static final Set<String> STATUSES = Set.of("pending", "running", "stopping", "done", "failed", "aborted");
    static final Set<String> VERDICTS = Set.of("passed", "failed", "finished", "aborted", "error", "running");
    static final Set<String> PARAMETERS = Set.of("scenario", "tag", "label", "status", "verdict", "since", "until", "limit",
            "offset");

    public RunQuery {
        tags = tags == null ? List.of() : List.copyOf(tags);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        statuses = statuses == null ? List.of() : List.copyOf(statuses);
        verdicts = verdicts == null ? List.of() : List.copyOf(verdicts);
    }

    /** Every run, newest first, the first page. */
    public static RunQuery all() {
        return new RunQuery(null, null, null, null, null, null, null, DEFAULT_LIMIT, 0);
    }

    public RunQuery withScenario(String name) {
        return new RunQuery(name, tags, labels, statuses, verdicts, since, until, limit, offset);
    }

    public RunQuery withStatuses(List<String> only) {
        return new RunQuery(scenario, tags, labels, only, verdicts, since, until, limit, offset);
    }

    public RunQuery withUntil(Long beforeMs) {
        return new RunQuery(scenario, tags, labels, statuses, verdicts, since, beforeMs, limit, offset);
    }

    public RunQuery withPage(int newLimit, int newOffset) {
        return new RunQuery(scenario, tags, labels, statuses, verdicts, since, until, newLimit, newOffset);
    }

    /**
     * Reads query parameters: {@code scenario}, {@code tag} (repeated: all of them),
     * {@code label=NAME=VALUE} (repeated: all of them), {@code status} and {@code verdict} (repeated
     * or comma-separated: any of them), {@code since}/{@code until} (epoch ms, an ISO instant or
     * date, or an age such as {@code 7d} or {@code 12h}, meaning that long ago), {@code limit}
     * (100, at most 1000) and {@code offset}.
     *
     * @param params each parameter's values, as given
     * @param nowMs  what an age counts back from
     * @throws IllegalArgumentException with a sentence naming the parameter and what it takes
     */
    public static RunQuery parse(Map<String, List<String>> params, long nowMs) {
        for (String name : params.keySet()) {
            if (!PARAMETERS.contains(name) && !name.equals("access_token")) {
                throw new IllegalArgumentException("unknown filter '" + name + "': filters are " + String.join(", ",
                        PARAMETERS.stream().sorted().toList()));
            }
        }
        String scenario = single(params, "scenario");
        List<String> tags = new ArrayList<>(params.getOrDefault("tag", List.of()));
        tags.forEach(t -> Tags.checkTag(t, "tag"));
        Map<String, String> labels = new LinkedHashMap<>();
        for (String label : params.getOrDefault("label", List.of())) {
            Map.Entry<String, String> pair = Tags.parseLabel(label, "label");
            labels.put(pair.getKey(), pair.getValue());
        }
        List<String> statuses = oneOf(params.getOrDefault("status", List.of()), STATUSES, "status");
        List<String> verdicts = oneOf(params.getOrDefault("verdict", List.of()), VERDICTS, "verdict");
        Long since = time(single(params, "since"), nowMs, "since");
        Long until = time(single(params, "until"), nowMs, "until");
        int limit = number(single(params, "limit"), DEFAULT_LIMIT, 1, MAX_LIMIT, "limit");
        int offset = number(single(params, "offset"), 0, 0, Integer.MAX_VALUE, "offset");
        return new RunQuery(scenario == null || scenario.isBlank() ? null : scenario, tags, labels, statuses, verdicts, since,
                until, limit, offset);
    }

    private static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new IllegalArgumentException(name + " is given " + values.size() + " times: give it once");
        }
        return values.get(0);
    }

    private static List<String> oneOf(List<String> given, Set<String> known, String name) {
        List<String> values = new ArrayList<>();
        for (String v : given) {
            for (String part : v.split(",")) {
                String p = part.trim().toLowerCase(Locale.ROOT);
                if (p.isEmpty()) {
                    continue;
                }
                if (!known.contains(p)) {
                    throw new IllegalArgumentException(name + " '" + part.trim() + "' is not one of " + String.join(", ",
                            known.stream().sorted().toList()));
                }
                values.add(p);
            }
        }
        return values;
    }

    private static int number(String text, int otherwise, int min, int max, String name) {
        if (text == null) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + (max == Integer.MAX_VALUE ? " up"
                : " to " + max) + " (got '" + text + "')");
    }

    /** Epoch ms, an ISO-8601 instant or date (UTC), or an age back from now ({@code 7d}, {@code 12h}, {@code 30m}). */
    static Long time(String text, long nowMs, String name) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim();
        List<Function<String, Long>> readers = List.of(
                s -> Long.parseLong(s),
                s -> Instant.parse(s).toEpochMilli(),
                s -> LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli(),
                s -> nowMs - age(s).toMillis());
        for (Function<String, Long> reader : readers) {
            try {
                return reader.apply(t);
            } catch (NumberFormatException | DateTimeParseException e) {
                // try the next form
            } catch (IllegalArgumentException e) {
                // not an age either
            }
        }
        throw new IllegalArgumentException(name + " '" + t + "' is not a time: give epoch milliseconds, an ISO date or"
                + " instant (2026-11-01, 2026-11-01T08:00:00Z) or an age such as 7d, 12h or 30m");
    }

    private static Duration age(String s) {
        if (s.endsWith("d")) {
            return Duration.ofDays(Long.parseLong(s.substring(0, s.length() - 1)));
        }
        return Durations.parse(s);
    }
}
