package io.stampede.wire;

import java.util.List;

/**
 * A worker says it is alive, every second: what it can take ({@code capacity} users), what it
 * runs, and how late its event loops are (a busy worker shows lag before it shows errors).
 */
public record WorkerHeartbeat(
        int v,
        String workerId,
        String host,
        int capacity,
        int activeUsers,
        List<String> runs,
        long eventLoopLagMs,
        long sentAtMs,
        String version,
        String nodeId) implements WireMessage {
}
