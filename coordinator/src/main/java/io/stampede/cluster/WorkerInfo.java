package io.stampede.cluster;

import java.util.List;

/**
 * What the coordinator knows of a worker, from its last heartbeat ({@code cpu}: share of its cores
 * busy, 0–1, -1 unknown; {@code replyBudget}: bytes of replies all its users may keep at once, 0 unknown).
 */
public record WorkerInfo(
        String workerId,
        String host,
        int capacity,
        int activeUsers,
        List<String> runs,
        long eventLoopLagMs,
        long firstSeenMs,
        long lastHeartbeatMs,
        String version,
        String state,
        String nodeId,
        double cpu,
        long replyBudget) {
}
