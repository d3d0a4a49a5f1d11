package io.stampede.wire;

/**
 * Coordinator → worker: prepare this slice of this run (it starts on {@link GoSlice}). Answered with
 * {@link SliceAccepted} or a failure. The slice runs under the worker's lease {@code epoch}
 * with that coordinator (see {@link LeaseGrant}): when that lease is revoked, the slice stops.
 * {@code tracing} says how its requests are traced (the run's trace seed, where to export the
 * client spans); null: the worker makes its own seed and exports nothing. {@code record}: each
 * conversation is recorded whole ({@code --record}) and sent with the lane's reports.
 */
public record StartSlice(int v, String runId, String sliceId, String coordinatorId, long epoch, ScenarioPayload scenario,
                         SlicePlan plan, Tracing tracing, boolean record) implements WireMessage {

    /** Not recording conversations. */
    public StartSlice(int v, String runId, String sliceId, String coordinatorId, long epoch, ScenarioPayload scenario,
                      SlicePlan plan, Tracing tracing) {
        this(v, runId, sliceId, coordinatorId, epoch, scenario, plan, tracing, false);
    }

    /** Without tracing settings. */
    public StartSlice(int v, String runId, String sliceId, String coordinatorId, long epoch, ScenarioPayload scenario,
                      SlicePlan plan) {
        this(v, runId, sliceId, coordinatorId, epoch, scenario, plan, null);
    }
}
