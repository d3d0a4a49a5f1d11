package io.stampede.results;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.stampede.metrics.KeyStats;

/** A key's failure reasons as summary lines: most frequent first, then by text. */
final class SummaryFailures {
    private SummaryFailures() {
    }

    static List<Summary.Failure> of(KeyStats s) {
        return s.failures().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .map(e -> new Summary.Failure(e.getKey(), e.getValue()))
                .toList();
    }
}
