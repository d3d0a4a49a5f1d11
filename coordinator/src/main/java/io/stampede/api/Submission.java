package io.stampede.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.stampede.index.Tags;
import io.stampede.results.ResultsJson;
import io.stampede.run.RunIdentity;
import io.stampede.run.RunOverrides;
import io.stampede.search.SearchOptions;
import io.stampede.scenario.DataTable;
import io.stampede.time.Durations;
import io.stampede.scenario.InvalidScenarioException;
import io.stampede.scenario.ScenarioError;
import io.stampede.scenario.ScenarioSource;

/**
 * What a {@code POST /api/runs} or {@code /api/scenarios/validate} body asks for: the scenario as
 * YAML, as JSON, or wrapped in a {@link RunRequest} envelope (which can carry CSV rows, the
 * environment values the text uses, load overrides, tags, labels and who submits it); query
 * parameters {@code users} and {@code duration} override the envelope's, {@code tag} and
 * {@code label} (repeated) add to its tags and labels, {@code submitted_by} names the client.
 * Mistakes in the request come out as {@link InvalidScenarioException}, in the same shape as the
 * scenario's own errors.
 */
record Submission(ScenarioSource source, RunOverrides overrides, RunIdentity identity, SearchOptions search) {
    static final String DEFAULT_ORIGIN = "request";

    /**
     * @param query       the request's query parameters
     * @param environment what {@code ${VAR}} may resolve to besides the envelope's {@code env}
     */
    static Submission parse(String body, String contentType, Map<String, List<String>> query,
                            Map<String, String> environment) throws InvalidScenarioException {
        String usersParam = first(query, "users");
        String durationParam = first(query, "duration");
        List<ScenarioError> errors = new ArrayList<>();
        if (body == null || body.isBlank()) {
            throw new InvalidScenarioException(List.of(new ScenarioError(0, 0, "",
                    "the body is empty: send the scenario as YAML or JSON, or a JSON envelope with scenario_yaml")));
        }
        JsonNode envelope = envelope(body, contentType);
        String text = body;
        String origin = DEFAULT_ORIGIN;
        Integer users = null;
        Duration duration = null;
        DataTable data = null;
        boolean record = false;
        List<String> tags = new ArrayList<>();
        Map<String, String> labels = new LinkedHashMap<>();
        String submittedBy = first(query, "submitted_by");
        SearchOptions search = null;
        Map<String, String> env = new HashMap<>(environment);
        if (envelope != null) {
            unknownKeys(envelope, errors);
            text = textField(envelope, "scenario_yaml", errors);
            if (text == null && errors.stream().noneMatch(e -> e.path().equals("scenario_yaml"))) {
                errors.add(new ScenarioError(0, 0, "scenario_yaml", "is required: the scenario's text (YAML or JSON)"));
            }
            String o = textField(envelope, "origin", errors);
            origin = o == null || o.isBlank() ? DEFAULT_ORIGIN : o;
            users = users(envelope.get("users"), errors);
            duration = duration(envelope.get("duration"), errors);
            data = data(envelope.get("data"), errors);
            env.putAll(env(envelope.get("env"), errors));
            JsonNode recordNode = envelope.get("record");
            if (recordNode != null && !recordNode.isNull()) {
                if (recordNode.isBoolean()) {
                    record = recordNode.booleanValue();
                } else {
                    errors.add(new ScenarioError(0, 0, "record", "must be true or false"));
                }
            }
            tags(envelope.get("tags"), tags, errors);
            labels(envelope.get("labels"), labels, errors);
            String by = textField(envelope, "submitted_by", errors);
            submittedBy = submittedBy != null ? submittedBy : by;
            search = SearchRequests.read(envelope.get("search"), errors);
        }
        for (String tag : query.getOrDefault("tag", List.of())) {
            addTag(tag, "tag", tags, errors);
        }
        for (String label : query.getOrDefault("label", List.of())) {
            try {
                Map.Entry<String, String> pair = Tags.parseLabel(label, "label");
                labels.put(pair.getKey(), pair.getValue());
            } catch (IllegalArgumentException e) {
                errors.add(new ScenarioError(0, 0, "label", e.getMessage()));
            }
        }
        if (submittedBy != null && (submittedBy.length() > 200 || submittedBy.chars().anyMatch(Character::isISOControl))) {
            errors.add(new ScenarioError(0, 0, "submitted_by", "must be at most 200 printable characters"));
        }
        if (usersParam != null) {
            users = users(ResultsJson.MAPPER.getNodeFactory().textNode(usersParam), errors);
        }
        if (durationParam != null) {
            duration = duration(ResultsJson.MAPPER.getNodeFactory().textNode(durationParam), errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidScenarioException(errors);
        }
        if (search != null && (users != null || duration != null)) {
            errors.add(new ScenarioError(0, 0, "search", "a search sets each level's users and duration itself: leave users and"
                    + " duration out"));
            throw new InvalidScenarioException(errors);
        }
        return new Submission(new ScenarioSource(text, origin, null, Map.copyOf(env), data), new RunOverrides(users, duration, record),
                new RunIdentity(tags, labels, submittedBy, origin), search);
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static void tags(JsonNode node, List<String> tags, List<ScenarioError> errors) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isArray()) {
            errors.add(new ScenarioError(0, 0, "tags", "must be a list of tags, e.g. [\"nightly\"]"));
            return;
        }
        for (int i = 0; i < node.size(); i++) {
            addTag(node.get(i).isTextual() ? node.get(i).textValue() : node.get(i).toString(), "tags[" + i + "]", tags, errors);
        }
    }

    private static void addTag(String tag, String path, List<String> tags, List<ScenarioError> errors) {
        try {
            tags.add(Tags.checkTag(tag, path));
        } catch (IllegalArgumentException e) {
            errors.add(new ScenarioError(0, 0, path, e.getMessage()));
        }
    }

    private static void labels(JsonNode node, Map<String, String> labels, List<ScenarioError> errors) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            errors.add(new ScenarioError(0, 0, "labels", "must be an object of NAME: value, e.g. {\"commit\": \"3f2a9c1\"}"));
            return;
        }
        node.fields().forEachRemaining(f -> {
            String value = f.getValue().isValueNode() && !f.getValue().isNull() ? f.getValue().asText() : null;
            try {
                Tags.checkLabel(f.getKey(), value, "labels." + f.getKey());
                labels.put(f.getKey(), value);
            } catch (IllegalArgumentException e) {
                errors.add(new ScenarioError(0, 0, "labels." + f.getKey(), e.getMessage()));
            }
        });
    }

    /** The envelope when the body is a JSON object with {@code scenario_yaml}; null for a scenario. */
    private static JsonNode envelope(String body, String contentType) {
        boolean json = contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json");
        if (!json && !body.stripLeading().startsWith("{")) {
            return null;
        }
        try {
            JsonNode node = ResultsJson.MAPPER.readTree(body);
            return node != null && node.isObject() && node.has("scenario_yaml") ? node : null;
        } catch (JsonProcessingException e) {
            return null; // YAML flow style, or broken JSON: the loader reports it with line:column
        }
    }

    private static void unknownKeys(JsonNode envelope, List<ScenarioError> errors) {
        for (Iterator<String> names = envelope.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!RunRequest.KEYS.contains(name)) {
                errors.add(new ScenarioError(0, 0, name, "unknown key '" + name + "' in the request: known keys are "
                        + String.join(", ", RunRequest.KEYS)));
            }
        }
    }

    private static String textField(JsonNode envelope, String key, List<ScenarioError> errors) {
        JsonNode node = envelope.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new ScenarioError(0, 0, key, "must be a string"));
            return null;
        }
        return node.textValue();
    }

    private static Integer users(JsonNode node, List<ScenarioError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        String text = node.isTextual() ? node.textValue().trim() : node.isIntegralNumber() ? node.asText() : "";
        try {
            int users = Integer.parseInt(text);
            if (users >= 1) {
                return users;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new ScenarioError(0, 0, "users", "must be a whole number of users, at least 1 (got " + node + ")"));
        return null;
    }

    private static Duration duration(JsonNode node, List<ScenarioError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new ScenarioError(0, 0, "duration", "must be a duration with a unit, e.g. \"30s\" or \"2m\""));
            return null;
        }
        try {
            return Durations.parse(node.textValue());
        } catch (IllegalArgumentException e) {
            errors.add(new ScenarioError(0, 0, "duration", e.getMessage()));
            return null;
        }
    }

    private static DataTable data(JsonNode node, List<ScenarioError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        JsonNode rowsNode = node.get("rows");
        if (!node.isObject() || rowsNode == null || !rowsNode.isArray()) {
            errors.add(new ScenarioError(0, 0, "data", "must be {\"source\": \"users.csv\", \"columns\": [...], \"rows\": [{...}]}"));
            return null;
        }
        List<Map<String, String>> rows = new ArrayList<>(rowsNode.size());
        for (int i = 0; i < rowsNode.size(); i++) {
            JsonNode row = rowsNode.get(i);
            if (!row.isObject()) {
                errors.add(new ScenarioError(0, 0, "data.rows[" + i + "]", "must be an object of column: value"));
                return null;
            }
            Map<String, String> values = new LinkedHashMap<>();
            row.fields().forEachRemaining(f -> values.put(f.getKey(), f.getValue().isValueNode() ? f.getValue().asText() : f.getValue().toString()));
            rows.add(java.util.Collections.unmodifiableMap(values));
        }
        List<String> columns = new ArrayList<>();
        JsonNode columnsNode = node.get("columns");
        if (columnsNode != null && columnsNode.isArray()) {
            columnsNode.forEach(c -> columns.add(c.asText()));
        } else if (!rows.isEmpty()) {
            rowsNode.get(0).fieldNames().forEachRemaining(columns::add);
        }
        String source = node.hasNonNull("source") ? node.get("source").asText() : "request";
        return new DataTable(source, List.copyOf(columns), List.copyOf(rows));
    }

    private static Map<String, String> env(JsonNode node, List<ScenarioError> errors) {
        Map<String, String> env = new HashMap<>();
        if (node == null || node.isNull()) {
            return env;
        }
        if (!node.isObject()) {
            errors.add(new ScenarioError(0, 0, "env", "must be an object of NAME: value"));
            return env;
        }
        node.fields().forEachRemaining(f -> {
            if (f.getValue().isValueNode() && !f.getValue().isNull()) {
                env.put(f.getKey(), f.getValue().asText());
            } else {
                errors.add(new ScenarioError(0, 0, "env." + f.getKey(), "must be a string"));
            }
        });
        return env;
    }
}
