package io.stampede.search;

import java.util.List;

/**
 * A capacity search as it stands (search.json, {@code GET /api/searches/{id}}, the feed's events):
 * the levels in the order they ran, and once done the answer — the highest level that held
 * ({@code holds}, null when none did), the lowest that did not above it ({@code failsAt}) — as a
 * sentence, and {@code passed} against {@code require} (true without one, when the search ended).
 */
public record SearchResult(String id, String scenario, String status, String reason, String goal, String unit, Double require,
                           long startedAtMs, Long endedAtMs, List<LevelResult> levels, LevelResult holds, Double failsAt,
                           String answer, Boolean passed) {
}
