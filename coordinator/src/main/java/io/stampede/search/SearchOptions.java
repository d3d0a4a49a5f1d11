package io.stampede.search;

import java.time.Duration;

/**
 * How a capacity search steps: from {@code start} (users, or arrivals/s for an open model; null:
 * the scenario's own) up by {@code factor} until a level does not hold or {@code max} is reached,
 * then bisecting until the gap is at most {@code resolutionPct} of the level held (and at least
 * one user). Each level runs {@code warmup} (left out of its figures) then {@code measure};
 * {@code require}: the level the answer must reach for the search to pass (null: none).
 */
public record SearchOptions(SearchGoal goal, Double start, Double max, double factor, double resolutionPct, Duration warmup,
                            Duration measure, Double require) {

    public static final double DEFAULT_FACTOR = 2;
    public static final double DEFAULT_RESOLUTION_PCT = 10;
    public static final Duration DEFAULT_MEASURE = Duration.ofSeconds(30);

    public SearchOptions {
        if (goal == null) {
            throw new IllegalArgumentException("a search needs a goal, e.g. \"goodput >= 95%\"");
        }
        if (!(factor > 1)) {
            throw new IllegalArgumentException("the step factor must be more than 1, e.g. 2");
        }
        if (start != null && !(start > 0) || max != null && !(max > 0)) {
            throw new IllegalArgumentException("start and max must be more than 0");
        }
        if (start != null && max != null && start > max) {
            throw new IllegalArgumentException("start (" + start + ") is above max (" + max + ")");
        }
    }

    public static SearchOptions of(SearchGoal goal) {
        return new SearchOptions(goal, null, null, DEFAULT_FACTOR, DEFAULT_RESOLUTION_PCT, null, DEFAULT_MEASURE, null);
    }
}
