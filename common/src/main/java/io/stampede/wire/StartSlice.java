package io.stampede.wire;

/**
 * Coordinator → worker: prepare this slice of this run (it starts on {@link GoSlice}). Answered with
 * {@link SliceAccepted} or a failure. The plan's {@code startAtMs} is only a first estimate.
 * {@code tracing} came later: a message without it decodes it as null (the worker then makes
 * its own trace seed and exports nothing).
 */
public record StartSlice(int v, String runId, String sliceId, String coordinatorId, ScenarioPayload scenario, SlicePlan plan,
                         Tracing tracing) implements WireMessage {

    /** Without tracing settings. */
    public StartSlice(int v, String runId, String sliceId, String coordinatorId, ScenarioPayload scenario, SlicePlan plan) {
        this(v, runId, sliceId, coordinatorId, scenario, plan, null);
    }
}
