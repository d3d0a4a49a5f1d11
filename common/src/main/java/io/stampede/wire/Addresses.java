package io.stampede.wire;

/** Event-bus addresses. One place, so both sides agree. */
public final class Addresses {
    /** Workers → coordinator, every second: {@link WorkerHeartbeat}. */
    public static final String WORKER_HEARTBEAT = "stampede.workers.heartbeat";

    private Addresses() {
    }

    /** Coordinator → one worker, request/reply: {@link StartSlice} → {@link SliceAccepted}. */
    public static String workerStart(String workerId) {
        return "stampede.worker." + workerId + ".start";
    }

    /** Coordinator → one worker, request/reply: {@link GoSlice}. */
    public static String workerGo(String workerId) {
        return "stampede.worker." + workerId + ".go";
    }

    /** Coordinator → one worker: {@link StopRun}. */
    public static String workerStop(String workerId) {
        return "stampede.worker." + workerId + ".stop";
    }

    /** Coordinator → one worker, request/reply: {@link ClockPing} answered with the worker's clock. */
    public static String workerClock(String workerId) {
        return "stampede.worker." + workerId + ".clock";
    }

    /** Worker → one coordinator, request/reply: {@link LeaseRequest} → {@link LeaseGrant}. */
    public static String coordinatorLease(String coordinatorId) {
        return "stampede.coordinator." + coordinatorId + ".lease";
    }

    /** Worker lanes → coordinator: {@link IntervalReport}; the last one of a lane is acked with {@link ReportAck}. */
    public static String runReports(String runId) {
        return "stampede.run." + runId + ".reports";
    }
}
