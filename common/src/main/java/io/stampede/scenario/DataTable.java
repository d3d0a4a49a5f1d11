package io.stampede.scenario;

import java.util.List;
import java.util.Map;

/**
 * The rows of a CSV feeder ({@code data:}). User {@code i} gets row {@code i mod size}, seen
 * in templates as {@code {{user.<column>}}}. Loaded once by the coordinator and shipped to the
 * workers with the scenario, so workers never need the file.
 */
public record DataTable(String source, List<String> columns, List<Map<String, String>> rows) {
    public static final DataTable EMPTY = new DataTable("", List.of(), List.of());

    public Map<String, String> rowForUser(long userIndex) {
        return rows.isEmpty() ? Map.of() : rows.get((int) (userIndex % rows.size()));
    }
}
