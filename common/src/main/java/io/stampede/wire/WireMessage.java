package io.stampede.wire;

/**
 * A message between coordinator and workers. Every message is a small record named for what
 * it says, sent as JSON bytes over the event bus (never Java serialization), with the
 * protocol version in {@code v} so a node can refuse what it does not understand.
 */
public sealed interface WireMessage
        permits WorkerHeartbeat, LeaseRequest, LeaseGrant, StartSlice, SliceAccepted, StopRun, IntervalReport, ReportAck, ClockPing,
        GoSlice, DatasetRowsRequest, DatasetRows {
    int VERSION = 2;

    int v();
}
