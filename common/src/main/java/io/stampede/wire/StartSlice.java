package io.stampede.wire;

/** Coordinator → worker: run this slice of this run. Answered with {@link SliceAccepted} or a failure. */
public record StartSlice(int v, String runId, String sliceId, String coordinatorId, ScenarioPayload scenario, SlicePlan plan)
        implements WireMessage {
}
