package io.stampede.wire;

import java.util.List;

/**
 * A worker says it is alive, every second: what it can take ({@code capacity} users), what it
 * runs, how late its event loops are (a busy worker shows lag before it shows errors) and how
 * busy its process is ({@code cpu}: the share of all its cores used, 0 to 1; -1 when unknown)
 * and the bytes of replies all its users may keep at once ({@code replyBudget}; 0: no bound).
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
        String nodeId,
        double cpu,
        long replyBudget) implements WireMessage {
}
