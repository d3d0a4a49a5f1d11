package io.stampede.run;

import java.nio.file.Path;
import java.util.List;

import io.stampede.feed.FeedPayloads;
import io.stampede.feed.RunFeed;
import io.stampede.load.LoadProfile;
import io.stampede.results.Summary;
import io.stampede.scenario.Scenario;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * One run as the outside sees it: id, scenario, status, progress and, at the end, the summary
 * and the result folder. Readable from any thread (the HTTP API, the CLI); changed only by its
 * {@link RunCourse} on the coordinator's context.
 */
public final class Run {
    private final String id;
    private final Scenario scenario;
    private final LoadProfile load;
    private final RunIdentity identity;
    private final RunFeed feed;
    private final Path folder;
    private final long createdAtMs = System.currentTimeMillis();
    private final Promise<Summary> completion = Promise.promise();
    private volatile RunStatus status = RunStatus.PENDING;
    private volatile String reason;
    private volatile long startedAtMs;
    private volatile long endedAtMs;
    private volatile FeedPayloads.Progress progress;
    private volatile Summary summary;
    private volatile List<Summary.WorkerLine> workers = List.of();
    private volatile long warmupMs;
    private final boolean record;

    Run(String id, Scenario scenario, LoadProfile load, RunIdentity identity, RunFeed feed, Path folder) {
        this(id, scenario, load, identity, feed, folder, false);
    }

    /** @param record the run's conversations are recorded whole ({@code --record}) */
    Run(String id, Scenario scenario, LoadProfile load, RunIdentity identity, RunFeed feed, Path folder, boolean record) {
        this.record = record;
        this.id = id;
        this.scenario = scenario;
        this.load = load;
        this.identity = identity;
        this.progress = FeedPayloads.Progress.none(id, RunStatus.PENDING.wireName(), load.users());
        this.feed = feed;
        this.folder = folder;
    }

    public String id() {
        return id;
    }

    public Scenario scenario() {
        return scenario;
    }

    /** The load the run applies, after command-line overrides. */
    public LoadProfile load() {
        return load;
    }

    /** True when the run records its conversations whole ({@code conversations.jsonl}). */
    public boolean record() {
        return record;
    }

    /** Tags, labels, who submitted the run and the scenario's origin. */
    public RunIdentity identity() {
        return identity;
    }

    public RunFeed feed() {
        return feed;
    }

    public Path folder() {
        return folder;
    }

    public RunStatus status() {
        return status;
    }

    /** Why the run failed or was aborted, or null. */
    public String reason() {
        return reason;
    }

    public long createdAtMs() {
        return createdAtMs;
    }

    public long startedAtMs() {
        return startedAtMs;
    }

    public long endedAtMs() {
        return endedAtMs;
    }

    /** The last progress figures (percent, users, rps…), as published in the feed. */
    public FeedPayloads.Progress progress() {
        return progress;
    }

    /** The final summary, or null until the run is over. */
    public Summary summary() {
        return summary;
    }

    /** Completes with the summary when the run is over (done, failed or aborted). */
    public Future<Summary> completion() {
        return completion.future();
    }

    /** The first part of the load its level's figures leave out (a capacity search's level); 0: none. */
    public long warmupMs() {
        return warmupMs;
    }

    void warmupMs(long warmupMs) {
        this.warmupMs = warmupMs;
    }

    /** The slices as launched: worker, users, status. */
    public List<Summary.WorkerLine> workers() {
        return workers;
    }

    // ---- changed by the execution only

    void status(RunStatus status, String reason) {
        this.status = status;
        if (reason != null) {
            this.reason = scenario.secrets().mask(reason);
        }
    }

    void started(long atMs) {
        this.startedAtMs = atMs;
    }

    void progress(FeedPayloads.Progress progress) {
        this.progress = progress;
    }

    void workers(List<Summary.WorkerLine> workers) {
        this.workers = workers;
    }

    /** The run's figures and end, set before its final status: whoever sees the status sees them. */
    void ended(Summary summary, long endedAtMs) {
        this.summary = summary;
        this.endedAtMs = endedAtMs;
    }

    /** Tells those waiting on the run that it is over (after {@link #ended} and its final status). */
    void complete() {
        completion.tryComplete(summary);
    }
}
