package io.stampede.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.stampede.scenario.DataTable;

/**
 * The JSON envelope of {@code POST /api/runs} for callers that have more than the scenario's
 * text: {@code stampede run --coordinator} sends the CSV rows it read beside the file, the
 * environment values the text uses, and {@code --users}/{@code --duration}. Serialized with
 * {@code ResultsJson.MAPPER}, so the fields are {@code scenario_yaml}, {@code origin},
 * {@code users}, {@code duration}, {@code data} ({@code source}, {@code columns}, {@code rows}),
 * {@code env} and {@code record} (true: the conversations are recorded whole, {@code --record}).
 * Null fields are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunRequest(String scenarioYaml, String origin, Integer users, String duration, DataTable data,
                         Map<String, String> env, Boolean record) {
    /** The envelope's keys on the wire; a request with any other key is refused. */
    public static final List<String> KEYS = List.of("scenario_yaml", "origin", "users", "duration", "data", "env", "record");

    /** Not recording. */
    public RunRequest(String scenarioYaml, String origin, Integer users, String duration, DataTable data, Map<String, String> env) {
        this(scenarioYaml, origin, users, duration, data, env, null);
    }
}
