package io.stampede.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stampede.bus.Bus;
import io.stampede.cluster.ClusterCapacity;
import io.stampede.cluster.LeaseDesk;
import io.stampede.cluster.WorkerInfo;
import io.stampede.cluster.WorkerRegistry;
import io.stampede.feed.RunFeed;
import io.stampede.feeder.RunDataset;
import io.stampede.index.RunIndex;
import io.stampede.load.LoadProfile;
import io.stampede.otlp.SpanRuns;
import io.stampede.results.ResultFolder;
import io.stampede.scenario.InvalidScenarioException;
import io.stampede.scenario.Redactor;
import io.stampede.scenario.Scenario;
import io.stampede.scenario.ScenarioError;
import io.stampede.scenario.ScenarioLoader;
import io.stampede.scenario.ScenarioSource;
import io.stampede.wire.ScenarioPayload;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * The coordinator's runs: submit (validate, then launch), look up, list with the history of
 * earlier coordinator lifetimes, and stop. Runs execute on the coordinator's context; the
 * methods here may be called from any thread.
 *
 * <p>Why one class of this length: it is the coordinator's one table of runs (live, ended, and
 * earlier lifetimes' records) and the services every run's course reads from it ({@link
 * CoordinatorServices}); what one run does is in RunCourse and the classes around it, the load's
 * checks in RunLoad, the history and the index apart.
 */
public final class RunManager implements CoordinatorServices {
    private static final Logger LOG = LoggerFactory.getLogger(RunManager.class);

    /** Ended runs kept whole (feed buffer and all) for late readers; older ones are records only. */
    static final int ENDED_RUNS_IN_MEMORY = 20;

    private final Vertx vertx;
    private final Context context;
    private final CoordinatorOptions options;
    private final WorkerRegistry registry;
    private final Bus bus;
    private final LeaseDesk leases;
    private final RunHistory history;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final Map<String, RunCourse> courses = new ConcurrentHashMap<>();
    private final Map<String, RunRecord> past = new LinkedHashMap<>();
    private final Map<Run, BiConsumer<String, WorkerInfo>> workerWatchers = new ConcurrentHashMap<>();
    private final SpanRuns spans = new SpanRuns();
    private volatile RunIndexing indexing;

    public RunManager(Vertx vertx, Bus bus, Context context, CoordinatorOptions options, WorkerRegistry registry, LeaseDesk leases) {
        this.bus = bus;
        this.vertx = vertx;
        this.context = context;
        this.options = options;
        this.registry = registry;
        this.leases = leases;
        this.history = new RunHistory(options.dataDir());
        registry.onChange((event, worker) -> context.runOnContext(v -> workerWatchers.values().forEach(w -> w.accept(event, worker))));
    }

    /**
     * Reads the history of runs from the data dir (runs a dead coordinator left running are summed
     * up as aborted), then opens the run index and brings it in line with the folders.
     */
    public Future<Void> loadHistory() {
        List<String> removed = new ArrayList<>();
        return vertx.executeBlocking(history::load).compose(records -> vertx.executeBlocking(() -> {
            indexing = RunIndexing.open(options, removed);
            return records;
        })).map(records -> {
            synchronized (past) {
                records.forEach(r -> past.put(r.id(), r));
                removed.forEach(past::remove);
            }
            return null;
        });
    }

    /** The run index: lists, filters, trends and baselines read it (blocking: from worker threads only). */
    public RunIndex index() {
        return indexing.index();
    }

    /** Closes the run index. */
    public void close() {
        RunIndexing i = indexing;
        if (i != null) {
            i.close();
        }
    }

    /**
     * Validates and launches a run. Fails with {@link InvalidScenarioException} when the scenario
     * is invalid (nothing started); otherwise completes with the run as soon as it is registered.
     */
    public Future<Run> submit(ScenarioSource source, RunOverrides overrides) {
        return submit(source, overrides, RunIdentity.NONE);
    }

    /** {@link #submit(ScenarioSource, RunOverrides)} with the run's tags, labels and who submitted it. */
    public Future<Run> submit(ScenarioSource source, RunOverrides overrides, RunIdentity identity) {
        long running = runs.values().stream().filter(r -> !r.status().isFinal()).count();
        if (running >= options.maxRuns()) {
            return Future.failedFuture(new RunLimitException(running + " runs are under way and this coordinator runs at most "
                    + options.maxRuns() + " at once (--max-runs): submit again when one has ended"));
        }
        return vertx.executeBlocking(() -> {
            Scenario scenario = ScenarioLoader.load(source);
            return new Loaded(scenario, openDataset(scenario));
        }).compose(loaded -> {
            Scenario scenario = loaded.scenario();
            LoadProfile load;
            try {
                RunLoad.check(scenario, overrides);
                load = RunLoad.of(scenario, overrides, loaded.dataset());
                RunLoad.checkUsers(load, options.maxUsers());
            } catch (InvalidScenarioException e) {
                if (loaded.dataset() != null) {
                    loaded.dataset().close();
                }
                return Future.failedFuture(e);
            }
            List<WorkerInfo> workers = registry.available();
            String shortfall = ClusterCapacity.shortfall(load.users(), workers);
            if (shortfall != null && !workers.isEmpty() && options.capacityWaitMs() == 0) {
                return Future.failedFuture(new RunCapacityException("the run " + shortfall));
            }
            String replies = ClusterCapacity.replyShortfall(scenario.target().maxReplyBytes(), workers);
            if (replies != null) {
                if (loaded.dataset() != null) {
                    loaded.dataset().close();
                }
                return Future.failedFuture(new RunCapacityException("the run " + replies));
            }
            String id = RunIds.next();
            Run run = new Run(id, scenario, load, identity.masked(scenario.secrets()), new RunFeed(options.feedBuffer()),
                    options.dataDir().resolve(id), overrides.record());
            if (overrides.warmup() != null) {
                run.warmupMs(overrides.warmup().toMillis());
            }
            runs.put(id, run);
            RunCourse course = new RunCourse(this, run, payload(scenario), loaded.dataset());
            courses.put(id, course);
            return saveRecord(run).map(v -> {
                context.runOnContext(x -> course.launch());
                return run;
            });
        });
    }

    private record Loaded(Scenario scenario, RunDataset dataset) {
    }

    /** Indexes the scenario's conversation dataset (blocking: a worker thread); a file the index refuses is a scenario error. */
    private static RunDataset openDataset(Scenario scenario) throws InvalidScenarioException {
        if (scenario.dataset() == null || scenario.dataset().file() == null) {
            return null;
        }
        try {
            return RunDataset.open(scenario.dataset());
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new InvalidScenarioException(List.of(new ScenarioError(0, 0, "data", "dataset " + scenario.dataset().source()
                    + ": " + e.getMessage())));
        }
    }

    private static ScenarioPayload payload(Scenario scenario) {
        return new ScenarioPayload(scenario.source(), scenario.name(), scenario.variables(), scenario.data().source(),
                scenario.data().columns(), scenario.data().rows());
    }

    public Optional<Run> get(String id) {
        return Optional.ofNullable(runs.get(id));
    }

    /** A run of this or an earlier lifetime. */
    public Optional<RunRecord> record(String id) {
        Run run = runs.get(id);
        if (run != null) {
            return Optional.of(RunRecord.of(run));
        }
        synchronized (past) {
            return Optional.ofNullable(past.get(id));
        }
    }

    /** All runs, newest first. */
    public List<RunRecord> list() {
        Map<String, RunRecord> all = new LinkedHashMap<>();
        synchronized (past) {
            all.putAll(past);
        }
        runs.values().forEach(r -> all.put(r.id(), RunRecord.of(r)));
        List<RunRecord> list = new ArrayList<>(all.values());
        list.sort((a, b) -> b.id().compareTo(a.id()));
        return list;
    }

    /** Stops a run's load; graceful lets conversations in flight finish. */
    public Future<Void> stop(String id, boolean graceful, String reason) {
        RunCourse course = courses.get(id);
        if (course == null) {
            return Future.failedFuture("no active run " + id);
        }
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            course.stop(graceful, reason);
            done.complete();
        });
        return done.future();
    }

    /** Stops every active run (the coordinator is shutting down). */
    public void stopAll(String reason) {
        courses.keySet().forEach(id -> stop(id, false, reason));
    }

    /** run.json first, then the index's row read from the folder: a crash in between loses neither. */
    private Future<Void> saveRecord(Run run) {
        RunRecord record = RunRecord.of(run);
        RunIndexing i = indexing;
        return vertx.executeBlocking(() -> {
            history.save(record);
            if (i != null) {
                i.folderChanged(run.id());
            }
            return null;
        });
    }

    // ---- CoordinatorServices

    @Override
    public Bus bus() {
        return bus;
    }

    @Override
    public String nodeOf(String workerId) {
        return registry.nodeOf(workerId);
    }

    @Override
    public Vertx vertx() {
        return vertx;
    }

    @Override
    public CoordinatorOptions options() {
        return options;
    }

    @Override
    public String coordinatorId() {
        return options.coordinatorId();
    }

    @Override
    public Future<List<WorkerInfo>> awaitCapacity(int users) {
        Promise<List<WorkerInfo>> promise = Promise.promise();
        long waitMs = Math.max(options.workerWaitMs(), options.capacityWaitMs());
        poll(promise, users, System.currentTimeMillis() + waitMs, waitMs);
        return promise.future();
    }

    private void poll(Promise<List<WorkerInfo>> promise, int users, long deadline, long waitMs) {
        List<WorkerInfo> available = registry.available();
        String shortfall = ClusterCapacity.shortfall(users, available);
        if (!available.isEmpty() && shortfall == null) {
            promise.complete(available);
        } else if (System.currentTimeMillis() > deadline) {
            promise.fail(available.isEmpty()
                    ? "no worker joined within " + waitMs / 1000 + " s: start one with 'stampede worker --join ...'"
                    : "the run " + shortfall + " (waited " + waitMs / 1000 + " s for workers to join)");
        } else {
            vertx.setTimer(100, id -> poll(promise, users, deadline, waitMs));
        }
    }

    @Override
    public List<WorkerInfo> availableWorkers() {
        return registry.available();
    }

    @Override
    public LeaseDesk leases() {
        return leases;
    }

    @Override
    public void watchWorkers(Run run, BiConsumer<String, WorkerInfo> listener) {
        workerWatchers.put(run, listener);
    }

    @Override
    public String redactedScenario(Run run) {
        return Redactor.redact(run.scenario());
    }

    @Override
    public void runStarted(Run run) {
        saveRecord(run).onFailure(e -> LOG.warn("run {}: cannot save run.json: {}", run.id(), e.getMessage()));
    }

    @Override
    public SpanRuns spans() {
        return spans;
    }

    @Override
    public Future<Void> runEnded(Run run) {
        courses.remove(run.id());
        workerWatchers.remove(run);
        Future<Void> saved = saveRecord(run).onFailure(e -> LOG.warn("run {}: cannot save run.json: {}", run.id(), e.getMessage()));
        saved.compose(v -> vertx.executeBlocking(() -> indexing.applyRetention()))
                .onSuccess(removed -> context.runOnContext(v -> forget(removed)));
        forgetOldRuns();
        return saved.recover(e -> Future.succeededFuture());
    }

    @Override
    public void writeTrend(ResultFolder folder) {
        RunIndexing i = indexing;
        if (i != null) {
            i.writeTrend(folder);
        }
    }

    /** Runs retention removed: no longer listed, looked up or kept in memory. */
    private void forget(List<String> removed) {
        for (String id : removed) {
            runs.remove(id);
            synchronized (past) {
                past.remove(id);
            }
        }
    }

    /** Ended runs beyond the newest {@link #ENDED_RUNS_IN_MEMORY} live on as records (their files stay on disk). */
    private void forgetOldRuns() {
        List<Run> ended = runs.values().stream().filter(r -> r.status().isFinal())
                .sorted((a, b) -> b.id().compareTo(a.id())).toList();
        for (Run old : ended.subList(Math.min(ENDED_RUNS_IN_MEMORY, ended.size()), ended.size())) {
            synchronized (past) {
                past.put(old.id(), RunRecord.of(old));
            }
            runs.remove(old.id());
        }
    }
}
