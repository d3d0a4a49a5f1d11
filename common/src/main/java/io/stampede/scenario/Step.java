package io.stampede.scenario;

import java.util.List;

import io.stampede.check.Check;

/**
 * One entry of {@code steps:}. Every step has a unique name, used as its metric key; steps
 * that talk to the agent also carry checks ({@code assert}/{@code expect}, which mean the same)
 * and extractions.
 */
public sealed interface Step permits SendStep, WaitStep, RequestStep, CallToolStep, AssertStep, DatasetStep, SimulatedStep {
    String name();

    /** Where the step starts in the YAML. */
    Position position();

    /** Checks on this step's response, in the order written. */
    default List<Check> checks() {
        return List.of();
    }

    default List<Extraction> extractions() {
        return List.of();
    }

    /** What the user does when this step fails. */
    default FailurePolicy onFailure() {
        return FailurePolicy.CONTINUE;
    }

    /** True for steps that send several turns ({@code from_dataset}, {@code from_simulator}). */
    default boolean isMultiTurn() {
        return false;
    }

    /** True for steps that are measured (have latency and success). */
    default boolean isMeasured() {
        return true;
    }
}
