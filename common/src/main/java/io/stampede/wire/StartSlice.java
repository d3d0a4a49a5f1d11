package io.stampede.wire;

/**
 * Coordinator → worker: prepare this slice of this run (it starts on {@link GoSlice}). Answered with
 * {@link SliceAccepted} or a failure. The slice runs under the worker's lease {@code epoch}
 * with that coordinator (see {@link LeaseGrant}): when that lease is revoked, the slice stops.
 */
public record StartSlice(int v, String runId, String sliceId, String coordinatorId, long epoch, ScenarioPayload scenario,
                         SlicePlan plan)
        implements WireMessage {
}
