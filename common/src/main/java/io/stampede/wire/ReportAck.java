package io.stampede.wire;

/** Coordinator → lane: the last report of this source arrived; the lane may stop resending it. */
public record ReportAck(int v, String runId, String sourceId, long seq) implements WireMessage {
}
