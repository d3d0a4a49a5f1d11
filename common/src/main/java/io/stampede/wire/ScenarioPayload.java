package io.stampede.wire;

import java.util.List;
import java.util.Map;

/**
 * A scenario as it travels to workers: the text as submitted, the environment values it used
 * (so every worker substitutes the same values, whatever its own environment) and the CSV
 * feeder rows (so workers need no files). The worker loads and validates it again.
 */
public record ScenarioPayload(
        String text,
        String origin,
        Map<String, String> variables,
        String dataSource,
        List<String> dataColumns,
        List<Map<String, String>> dataRows) {
}
