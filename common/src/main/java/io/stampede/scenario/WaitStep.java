package io.stampede.scenario;

import io.stampede.time.DurationRange;

/** {@code wait: 2s} or {@code wait: 1s..3s}: the user pauses. Not measured. */
public record WaitStep(String name, DurationRange duration, Position position) implements Step {
    @Override
    public boolean isMeasured() {
        return false;
    }
}
