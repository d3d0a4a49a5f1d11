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
 * {@code env}, {@code tags}, {@code labels}, {@code submitted_by}, {@code search} and {@code record}
 * (true: the conversations are recorded whole, {@code --record}). Null fields are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunRequest(String scenarioYaml, String origin, Integer users, String duration, DataTable data,
                         Map<String, String> env, List<String> tags, Map<String, String> labels, String submittedBy,
                         Search search, Boolean record) {
    /** The envelope's keys on the wire; a request with any other key is refused. */
    public static final List<String> KEYS = List.of("scenario_yaml", "origin", "users", "duration", "data", "env", "tags",
            "labels", "submitted_by", "search", "record");

    /** Without tags, labels, submitter or search, not recording. */
    public RunRequest(String scenarioYaml, String origin, Integer users, String duration, DataTable data,
                      Map<String, String> env) {
        this(scenarioYaml, origin, users, duration, data, env, null, null, null, null, null);
    }

    /** A capacity search, without tags, labels or submitter. */
    public RunRequest(String scenarioYaml, String origin, Integer users, String duration, DataTable data,
                      Map<String, String> env, Search search) {
        this(scenarioYaml, origin, users, duration, data, env, null, null, null, search, null);
    }

    /** Tags, labels and submitter, no search, not recording. */
    public RunRequest(String scenarioYaml, String origin, Integer users, String duration, DataTable data,
                      Map<String, String> env, List<String> tags, Map<String, String> labels, String submittedBy) {
        this(scenarioYaml, origin, users, duration, data, env, tags, labels, submittedBy, null, null);
    }

    /** Everything but recording. */
    public RunRequest(String scenarioYaml, String origin, Integer users, String duration, DataTable data,
                      Map<String, String> env, List<String> tags, Map<String, String> labels, String submittedBy,
                      Search search) {
        this(scenarioYaml, origin, users, duration, data, env, tags, labels, submittedBy, search, null);
    }
    /**
     * {@code search}: a capacity search instead of one run (docs/API.md, "Capacity search"): the goal
     * ({@code "goodput >= 95%"}), where to start and the most to try (users, or arrivals/s for an open
     * model), the step factor, the resolution in percent, each level's warm-up and measured length,
     * and the level the answer must reach.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Search(String goal, Double start, Double max, Double factor, Double resolutionPct, String warmup,
                         String levelDuration, Double require) {
        public static final List<String> KEYS = List.of("goal", "start", "max", "factor", "resolution_pct", "warmup",
                "level_duration", "require");
    }
}
