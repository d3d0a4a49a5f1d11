package io.stampede.wire;

/**
 * Coordinator → worker: prepare this slice of this run (it starts on {@link GoSlice}). Answered with
 * {@link SliceAccepted} or a failure. The plan's {@code startAtMs} is only a first estimate.
 */
public record StartSlice(int v, String runId, String sliceId, String coordinatorId, ScenarioPayload scenario, SlicePlan plan)
        implements WireMessage {
}
