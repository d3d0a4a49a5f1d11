package io.stampede.scenario;

import java.util.List;

/** Thrown by the loader with every error found, never just the first. */
public final class InvalidScenarioException extends Exception {
    private final transient List<ScenarioError> errors;

    public InvalidScenarioException(List<ScenarioError> errors) {
        super(errors.size() == 1 ? errors.get(0).toString() : errors.size() + " errors in scenario, first: " + errors.get(0));
        this.errors = List.copyOf(errors);
    }

    public List<ScenarioError> errors() {
        return errors;
    }
}
