package io.stampede.wire;

/**
 * A message between coordinator and workers. Every message is a small record named for what
 * it says, sent as JSON bytes over the event bus (never Java serialization), with the
 * protocol version in {@code v} so a node can refuse what it does not understand.
 */
public sealed interface WireMessage
        permits WorkerHeartbeat, LeaseRequest, LeaseGrant, StartSlice, SliceAccepted, StopRun, IntervalReport, ReportAck, ClockPing,
        GoSlice, Rebalance, Rebalanced, DatasetRowsRequest, DatasetRows {
    /**
     * 3: conversations judged good on the worker ({@code conversation:} and {@code passk:} keys);
     * 4: dataset rows over the bus, and slices that carry datasets, the simulated user and judges (issue 15);
     * 5: heartbeats carry the worker's reply budget, which the coordinator checks a run's
     * {@code max_reply_bytes} against (issue 11).
     * Workers joining a running run ({@link Rebalance}, {@link Rebalanced}, the slice plan's new
     * fields) only add messages and fields, which nodes of the same version ignore: no version of their own.
     */
    int VERSION = 5;

    int v();
}
