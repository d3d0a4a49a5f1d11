package io.stampede.wire;

/**
 * Event-bus addresses. One place, so both sides agree. A worker's addresses name its node
 * ({@code nodeId}, a cluster member or a random id per process) as well as its id: a second
 * process started with the same worker id listens elsewhere, and the coordinator, which keeps
 * the first one, never talks to it.
 */
public final class Addresses {
    /** Workers → coordinator, every second: {@link WorkerHeartbeat}. */
    public static final String WORKER_HEARTBEAT = "stampede.workers.heartbeat";

    private Addresses() {
    }

    /** Coordinator → one worker, request/reply: {@link StartSlice} → {@link SliceAccepted}. */
    public static String workerStart(String workerId, String nodeId) {
        return worker(workerId, nodeId) + ".start";
    }

    /** Coordinator → one worker, request/reply: {@link GoSlice}. */
    public static String workerGo(String workerId, String nodeId) {
        return worker(workerId, nodeId) + ".go";
    }

    /** Coordinator → one worker, request/reply: {@link Rebalance} → {@link Rebalanced}. */
    public static String workerRebalance(String workerId, String nodeId) {
        return worker(workerId, nodeId) + ".rebalance";
    }

    /** Coordinator → one worker: {@link StopRun}. */
    public static String workerStop(String workerId, String nodeId) {
        return worker(workerId, nodeId) + ".stop";
    }

    /** Coordinator → one worker, request/reply: {@link ClockPing} answered with the worker's clock. */
    public static String workerClock(String workerId, String nodeId) {
        return worker(workerId, nodeId) + ".clock";
    }

    private static String worker(String workerId, String nodeId) {
        return "stampede.worker." + workerId + "." + nodeId;
    }

    /** Worker → one coordinator, request/reply: {@link LeaseRequest} → {@link LeaseGrant}. */
    public static String coordinatorLease(String coordinatorId) {
        return "stampede.coordinator." + coordinatorId + ".lease";
    }

    /** Worker lanes → the run's coordinator, request/reply: {@link DatasetRowsRequest} → {@link DatasetRows}. */
    public static String runDataset(String runId) {
        return "stampede.run." + runId + ".dataset";
    }

    /** Worker lanes → coordinator: {@link IntervalReport}; the last one of a lane is acked with {@link ReportAck}. */
    public static String runReports(String runId) {
        return "stampede.run." + runId + ".reports";
    }
}
