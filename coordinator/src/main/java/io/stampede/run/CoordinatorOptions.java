package io.stampede.run;

import java.nio.file.Path;
import java.util.UUID;

import io.stampede.index.IndexDatabase;
import io.stampede.index.Retention;
import io.stampede.secret.ClusterSecret;

/** Settings of a coordinator, with defaults in one place. */
public final class CoordinatorOptions {
    private String coordinatorId = "c-" + UUID.randomUUID().toString().substring(0, 8);
    private Path dataDir = Path.of("results");
    private long workerWaitMs = 10_000;
    private long startDelayMs = 250;
    private long workerLossMs = 4_000;
    private long closeDelayMs = 1_500;
    private int feedBuffer = 2_000;
    private long spanGraceMs = 30_000;
    private long spanQuietMs = 6_000;
    private String otlpExportUrl;
    private ClusterSecret clusterSecret = ClusterSecret.forThisProcess();
    private int maxUsers = Integer.MAX_VALUE;
    private int maxRuns = Integer.MAX_VALUE;
    private IndexDatabase database;
    private Retention retention = Retention.NONE;

    /** The secret the cluster's bus is sealed with; default: this process's own, shared with an embedded worker. */
    public ClusterSecret clusterSecret() {
        return clusterSecret;
    }

    public CoordinatorOptions clusterSecret(ClusterSecret secret) {
        this.clusterSecret = secret;
        return this;
    }

    /** The most users (the closed model's users, the open model's max_users) a submitted run may have. */
    public int maxUsers() {
        return maxUsers;
    }

    public CoordinatorOptions maxUsers(int n) {
        this.maxUsers = Math.max(1, n);
        return this;
    }

    /** The most runs not over yet at once; a submit beyond it is refused. */
    public int maxRuns() {
        return maxRuns;
    }

    public CoordinatorOptions maxRuns(int n) {
        this.maxRuns = Math.max(1, n);
        return this;
    }

    /** Where the run index lives; default: SQLite, {@code index.db} in the data dir. */
    public IndexDatabase database() {
        return database != null ? database : IndexDatabase.inDataDir(dataDir);
    }

    public CoordinatorOptions database(IndexDatabase db) {
        this.database = db;
        return this;
    }

    /** Which old runs go, folder and row (--keep-runs, --keep-days); default: none. */
    public Retention retention() {
        return retention;
    }

    public CoordinatorOptions retention(Retention r) {
        this.retention = r == null ? Retention.NONE : r;
        return this;
    }

    public String coordinatorId() {
        return coordinatorId;
    }

    public CoordinatorOptions coordinatorId(String id) {
        this.coordinatorId = id;
        return this;
    }

    /** Where run folders are written and found again after a restart. */
    public Path dataDir() {
        return dataDir;
    }

    public CoordinatorOptions dataDir(Path dir) {
        this.dataDir = dir;
        return this;
    }

    /** How long a run waits for a first worker to join before it fails. */
    public long workerWaitMs() {
        return workerWaitMs;
    }

    public CoordinatorOptions workerWaitMs(long ms) {
        this.workerWaitMs = ms;
        return this;
    }

    /** Time between the last slice being prepared and the run's common start instant (the go messages travel meanwhile). */
    public long startDelayMs() {
        return startDelayMs;
    }

    public CoordinatorOptions startDelayMs(long ms) {
        this.startDelayMs = ms;
        return this;
    }

    /**
     * A worker whose heartbeat is this late is lost (and a killed worker is detected within about
     * this): long enough that a stop-the-world pause of 2 s does not trip it.
     */
    public long workerLossMs() {
        return workerLossMs;
    }

    /**
     * How long a lease lets a worker send load after it asked: a second less than the loss
     * timeout (at least one second), so a worker declared lost has, nearly always, already
     * stopped sending, and its users can be handed over at once.
     */
    public long leaseMs() {
        return Math.max(1_000, workerLossMs - 1_000);
    }

    public CoordinatorOptions workerLossMs(long ms) {
        this.workerLossMs = ms;
        return this;
    }

    /** How long a second stays open for late reports before it is closed into the timeline. */
    public long closeDelayMs() {
        return closeDelayMs;
    }

    public CoordinatorOptions closeDelayMs(long ms) {
        this.closeDelayMs = ms;
        return this;
    }

    /** Feed events kept per run for clients that reconnect. */
    public int feedBuffer() {
        return feedBuffer;
    }

    public CoordinatorOptions feedBuffer(int events) {
        this.feedBuffer = events;
        return this;
    }

    /** After the load, the longest a run that gets the agent's spans waits for late ones (exporters batch). */
    public long spanGraceMs() {
        return spanGraceMs;
    }

    public CoordinatorOptions spanGraceMs(long ms) {
        this.spanGraceMs = ms;
        return this;
    }

    /**
     * After the load, a run stops waiting for late spans once none has come for this long
     * (the SDKs export every 5 s by default); never later than the grace period.
     */
    public long spanQuietMs() {
        return spanQuietMs;
    }

    public CoordinatorOptions spanQuietMs(long ms) {
        this.spanQuietMs = ms;
        return this;
    }

    /** Where workers send Stampede's own client span of each exchange (an OTLP/HTTP traces URL), or null. */
    public String otlpExportUrl() {
        return otlpExportUrl;
    }

    public CoordinatorOptions otlpExportUrl(String url) {
        this.otlpExportUrl = url;
        return this;
    }
}
