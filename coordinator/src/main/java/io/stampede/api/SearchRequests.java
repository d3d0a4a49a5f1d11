package io.stampede.api;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.stampede.results.ResultsJson;
import io.stampede.scenario.ScenarioError;
import io.stampede.search.SearchGoal;
import io.stampede.search.SearchOptions;
import io.stampede.time.Durations;

/** The {@code search} object of a run request ({@link RunRequest.Search}) as {@link SearchOptions}; mistakes as errors. */
final class SearchRequests {
    /** Unknown keys are reported one by one above, so the reader itself skips them and the rest is checked too. */
    private static final com.fasterxml.jackson.databind.ObjectMapper READER = ResultsJson.MAPPER.copy()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private SearchRequests() {
    }

    /** Null when there is no search (or after errors, which are added). */
    static SearchOptions read(JsonNode node, List<ScenarioError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            errors.add(new ScenarioError(0, 0, "search", "must be an object, e.g. {\"goal\": \"goodput >= 95%\", \"max\": 200}"));
            return null;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!RunRequest.Search.KEYS.contains(name)) {
                errors.add(new ScenarioError(0, 0, "search." + name, "unknown key: known keys are " + String.join(", ", RunRequest.Search.KEYS)));
            }
        }
        int before = errors.size();
        RunRequest.Search s;
        try {
            s = READER.treeToValue(node, RunRequest.Search.class);
        } catch (Exception e) {
            errors.add(new ScenarioError(0, 0, "search", "numbers must be numbers and durations text like \"30s\": " + e.getMessage()));
            return null;
        }
        SearchGoal goal = null;
        try {
            goal = SearchGoal.parse(s.goal());
        } catch (IllegalArgumentException e) {
            errors.add(new ScenarioError(0, 0, "search.goal", e.getMessage()));
        }
        Duration warmup = duration(s.warmup(), "search.warmup", errors);
        Duration measure = duration(s.levelDuration(), "search.level_duration", errors);
        if (errors.size() > before) {
            return null;
        }
        try {
            return new SearchOptions(goal, s.start(), s.max(), s.factor() == null ? SearchOptions.DEFAULT_FACTOR : s.factor(),
                    s.resolutionPct() == null ? SearchOptions.DEFAULT_RESOLUTION_PCT : s.resolutionPct(), warmup,
                    measure == null ? SearchOptions.DEFAULT_MEASURE : measure, s.require());
        } catch (IllegalArgumentException e) {
            errors.add(new ScenarioError(0, 0, "search", e.getMessage()));
            return null;
        }
    }

    private static Duration duration(String text, String path, List<ScenarioError> errors) {
        if (text == null) {
            return null;
        }
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            errors.add(new ScenarioError(0, 0, path, e.getMessage()));
            return null;
        }
    }
}
