package io.stampede.engine;

import java.util.UUID;

import io.stampede.limits.FileLimit;
import io.stampede.limits.ReplyBudget;
import io.stampede.secret.ClusterSecret;

/** Settings of a worker node, with defaults in one place. */
public final class WorkerOptions {
    private String workerId = "w-" + UUID.randomUUID().toString().substring(0, 8);
    /** The users asked for ({@code --capacity}), or null: as many as the file limit allows. */
    private Integer capacity;
    private int lanes = Runtime.getRuntime().availableProcessors();
    private long coordinatorTimeoutMs = 5_000;
    private EmbeddedTargets embeddedTargets = EmbeddedTargets.NONE;
    private String nodeId = "node-" + UUID.randomUUID();
    private ClusterSecret clusterSecret = ClusterSecret.forThisProcess();
    private boolean leanHttp = !"vertx".equals(System.getProperty("stampede.http.client"));
    private boolean rehearse;
    /** The reply budget asked for ({@code --reply-budget}), or null: a share of the heap. */
    private Long replyBudgetBytes;

    public String workerId() {
        return workerId;
    }

    public WorkerOptions workerId(String workerId) {
        this.workerId = workerId;
        return this;
    }

    /**
     * Concurrent users this worker takes, advertised in its heartbeats; slices are weighted by
     * it and a run that does not fit the cluster is refused. Never more than the process's file
     * limit allows ({@link FileLimit}): a user is a socket.
     */
    public int capacity() {
        int allowed = FileLimit.usersAllowed();
        return capacity == null ? allowed : Math.min(capacity, allowed);
    }

    /** The capacity asked for, or null when none was (the file limit decides). */
    public Integer requestedCapacity() {
        return capacity;
    }

    public WorkerOptions capacity(int capacity) {
        this.capacity = Math.max(0, capacity);
        return this;
    }

    /** Event loops a slice is spread over (one lane each); default: one per core. */
    public int lanes() {
        return lanes;
    }

    public WorkerOptions lanes(int lanes) {
        this.lanes = Math.max(1, lanes);
        return this;
    }

    /** A run's load stops when its coordinator has not been heard from for this long. */
    public long coordinatorTimeoutMs() {
        return coordinatorTimeoutMs;
    }

    public WorkerOptions coordinatorTimeoutMs(long ms) {
        this.coordinatorTimeoutMs = ms;
        return this;
    }

    /**
     * This process's cluster member id, sent in heartbeats and part of the worker's bus
     * addresses; a random id unless set (the embedded default, tests).
     */
    public String nodeId() {
        return nodeId;
    }

    public WorkerOptions nodeId(String nodeId) {
        this.nodeId = nodeId;
        return this;
    }

    /**
     * Exchanges with the target's paths, plain and streamed, on the lean client (one keep-alive
     * connection per user on its lane's event loop; the default) or, when false, on the lane's
     * pooled Vert.x client ({@code -Dstampede.http.client=vertx}). WebSockets use Vert.x either way.
     */
    public boolean leanHttp() {
        return leanHttp;
    }

    public WorkerOptions leanHttp(boolean lean) {
        this.leanHttp = lean;
        return this;
    }

    /** Whether the worker rehearses its hot paths before it joins (off by default; the launcher turns it on). */
    public boolean rehearse() {
        return rehearse;
    }

    /**
     * Rehearse before joining: a short run of a small scenario against a server of the worker's
     * own, so the first run's first second does not load classes and interpret on the lanes.
     */
    public WorkerOptions rehearse(boolean rehearse) {
        this.rehearse = rehearse;
        return this;
    }

    /** The secret the cluster's bus is sealed with; default: this process's own, shared with an embedded coordinator. */
    public ClusterSecret clusterSecret() {
        return clusterSecret;
    }

    public WorkerOptions clusterSecret(ClusterSecret secret) {
        this.clusterSecret = secret;
        return this;
    }

    /**
     * The bytes of replies all this worker's users may keep at once ({@code --reply-budget}), or
     * null for the default share of the heap ({@link ReplyBudget#defaultBytes}): see {@link ReplyBudget}.
     */
    public Long replyBudgetBytes() {
        return replyBudgetBytes;
    }

    public WorkerOptions replyBudgetBytes(Long bytes) {
        this.replyBudgetBytes = bytes;
        return this;
    }

    public EmbeddedTargets embeddedTargets() {
        return embeddedTargets;
    }

    public WorkerOptions embeddedTargets(EmbeddedTargets targets) {
        this.embeddedTargets = targets;
        return this;
    }
}
