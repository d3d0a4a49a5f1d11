package io.stampede.scenario;

import java.time.Duration;

import io.stampede.time.Rate;

/**
 * One stage of a staged load: over {@code duration} the target moves linearly to {@code users}
 * (closed model) or to {@code arrivalRate} (open model); exactly one of the two is set.
 */
public record Stage(Duration duration, Integer users, Rate arrivalRate, Position position) {
}
