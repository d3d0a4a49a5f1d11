package io.stampede.scenario;

import java.util.List;

import io.stampede.check.Check;

/**
 * A step that is only {@code assert:} or {@code expect:}: checks on the previous step's response,
 * recorded as failures of that step's checks (no request is sent).
 */
public record AssertStep(String name, List<Check> checks, FailurePolicy onFailure, Position position) implements Step {
    @Override
    public boolean isMeasured() {
        return false;
    }
}
