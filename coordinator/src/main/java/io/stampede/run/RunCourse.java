package io.stampede.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stampede.aggregate.LoadLevels;
import io.stampede.aggregate.RunAggregator;
import io.stampede.aggregate.SecondStats;
import io.stampede.bus.Incoming;
import io.stampede.cluster.PortRange;
import io.stampede.cluster.Slice;
import io.stampede.cluster.Slicer;
import io.stampede.cluster.WorkerInfo;
import io.stampede.feeder.RunDataset;
import io.stampede.load.LoadProfile;
import io.stampede.metrics.Counters;
import io.stampede.metrics.MetricsSnapshot;
import io.stampede.results.LevelFigures;
import io.stampede.results.ResultFolder;
import io.stampede.results.Summary;
import io.stampede.results.SummaryBuilder;
import io.stampede.wire.Addresses;
import io.stampede.wire.IntervalReport;
import io.stampede.wire.ReportAck;
import io.stampede.wire.ScenarioPayload;
import io.stampede.wire.SlicePlan;
import io.stampede.wire.StopRun;
import io.stampede.wire.WireMessage;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * One run's course on the coordinator's context, from launch to its end: slices it over the
 * available workers, starts every slice at one absolute instant (corrected for each worker's
 * clock offset), merges the reports as they come, ticks the live feed once a second, and ends
 * the run when every lane is accounted for (or too late). A worker joining or leaving goes to
 * the {@link WorkerLossHandler}; files to the {@link ResultWriter}; the end to the
 * {@link RunFinisher}.
 *
 * <p>Why one class of this length: launching, merging reports and ending share the run's
 * aggregator, slices and timers, and decide together when the run is complete; what stands
 * alone is in the classes above.
 */
final class RunCourse {
    private static final Logger LOG = LoggerFactory.getLogger(RunCourse.class);
    /** After the planned end, how long to wait for last reports before giving up on them. */
    private static final long OVERDUE_GRACE_MS = 60_000;
    private static final long CHECKPOINT_EVERY_MS = 5_000;

    private final CoordinatorServices services;
    private final Run run;
    private final SliceLauncher launcher;
    private final RunSlices slices = new RunSlices();
    private final List<String> notes = new ArrayList<>();
    private final LiveFeed feed;
    private final RunFinisher finisher;
    private final WorkerLossHandler lossHandler;
    private final WorkerJoinHandler joinHandler;
    private final RunLosses losses = new RunLosses();
    private ResultWriter writer;
    private final AgentSpans spans;
    private RunAggregator aggregator;
    private MessageConsumer<byte[]> reports;
    private long ticker = -1;
    private long startAtMs;
    private String stopReason;
    private long lastCheckpointMs;
    /** With --record: conversations written to conversations.jsonl, and left out (over a lane's bound). */
    private long recorded;
    private long unrecorded;

    private final RunDataset dataset;

    RunCourse(CoordinatorServices services, Run run, ScenarioPayload payload) {
        this(services, run, payload, null);
    }

    /** @param dataset the run's conversation dataset, served to its lanes, or null */
    RunCourse(CoordinatorServices services, Run run, ScenarioPayload payload, RunDataset dataset) {
        this.dataset = dataset;
        this.services = services;
        this.run = run;
        this.spans = new AgentSpans(services, run);
        this.launcher = new SliceLauncher(services, run, payload, spans.tracing());
        this.feed = new LiveFeed(run);
        this.finisher = new RunFinisher(services, run, feed);
        this.lossHandler = new WorkerLossHandler(services, run, this);
        this.joinHandler = new WorkerJoinHandler(services, run, this);
    }

    /** Runs the whole thing; the run's completion says how it ended. */
    void launch() {
        feed.status(run.status());
        services.awaitCapacity(run.load().users())
                .compose(this::start)
                .onFailure(failure -> {
                    // A worker's words may quote the scenario: masked before it is logged, fed or kept.
                    String reason = run.scenario().secrets().mask(failure.getMessage());
                    LOG.warn("run {} could not start: {}", run.id(), reason);
                    stopSlices(false, "run failed to start");
                    halt();
                    finisher.withoutResults(RunStatus.FAILED, reason, writer == null ? null : writer.folder());
                });
    }

    private Future<Void> start(List<WorkerInfo> workers) {
        LoadProfile load = run.load();
        List<Slicer.Member> members = workers.stream().map(w -> new Slicer.Member(w.workerId(), w.capacity())).toList();
        List<Slice> split = Slicer.split(load.users(), members);
        warnOfCrowdedPorts(workers, split);
        // Prepare every slice first (scenario loaded, lanes deployed); the start instant comes after.
        reports = services.bus().listen(Addresses.runReports(run.id()), IntervalReport.class, this::onReport);
        Future<Void> served = dataset == null ? Future.succeededFuture() : dataset.serve(services.vertx(), services.bus(), run.id());
        return Future.all(reports.completion(), served)
                .compose(v -> {
                    List<Future<SliceState>> prepared = new ArrayList<>();
                    for (Slice slice : split) {
                        prepared.add(startSlice(slice.workerId(), SliceLauncher.planFor(load, slice)));
                    }
                    return Future.all(prepared);
                })
                .compose(all -> {
                    // One instant for all, a moment ahead for the go messages to travel; lanes cut
                    // their intervals on whole seconds after it.
                    startAtMs = System.currentTimeMillis() + services.options().startDelayMs();
                    aggregator = new RunAggregator(startAtMs, services.options().closeDelayMs(), this::onSecond, this::generatorCpu,
                            run.load()::warmupSecond);
                    aggregator.levels(LoadLevels.of(run.load(), run.warmupMs()));
                    slices.all().forEach(s -> aggregator.expect(s.sources));
                    spans.begin(aggregator, notes::add);
                    return services.vertx().executeBlocking(() -> ResultFolder.create(services.options().dataDir(), run.id(),
                            services.redactedScenario(run), startAtMs));
                })
                .compose(created -> {
                    writer = new ResultWriter(services.vertx(), run.id(), created);
                    List<Future<Void>> gone = new ArrayList<>();
                    slices.all().forEach(s -> gone.add(launcher.go(s, startAtMs)));
                    return Future.all(gone);
                })
                .map(all -> {
                    run.started(startAtMs);
                    run.status(RunStatus.RUNNING, null);
                    checkpoint(System.currentTimeMillis()); // from the first second on, a crash leaves a summary
                    services.runStarted(run);
                    slicesChanged();
                    feed.started(startAtMs, slices.size());
                    services.watchWorkers(run, this::onWorkerChange);
                    ticker = services.vertx().setPeriodic(1000, id -> tick());
                    return null;
                });
    }

    /** Registers a new slice of this run and has its worker prepare it. */
    private Future<SliceState> startSlice(String workerId, SlicePlan plan) {
        SliceState slice = launcher.slice(workerId, plan);
        slices.add(slice);
        return launcher.prepare(slice);
    }

    /** A run whose connections would crowd a machine's local ports says so before it starts (see {@link PortRange}). */
    private void warnOfCrowdedPorts(List<WorkerInfo> workers, List<Slice> split) {
        Map<String, String> hostOf = workers.stream().collect(Collectors.toMap(WorkerInfo::workerId, WorkerInfo::host, (a, b) -> a));
        Map<String, Integer> usersByHost = split.stream()
                .collect(Collectors.groupingBy(s -> hostOf.getOrDefault(s.workerId(), "?"), Collectors.summingInt(Slice::users)));
        PortRange.crowded(usersByHost, run.scenario().target().sourceAddresses()).ifPresent(note -> {
            LOG.warn("run {}: {}", run.id(), note);
            notes.add(note);
        });
    }

    // ---- reports

    private void onReport(Incoming<IntervalReport> message) {
        IntervalReport report = message.body();
        if (aggregator == null) {
            // A lane stopped before the run began (its start failed): nothing to merge.
            if (report.last()) {
                ack(message, report);
            }
            return;
        }
        MetricsSnapshot merged;
        try {
            merged = aggregator.merge(report);
        } catch (IllegalArgumentException e) {
            LOG.warn("run {}: dropping a report from {}: {}", run.id(), report.sourceId(), e.getMessage());
            return;
        }
        if (report.last()) {
            ack(message, report); // even when it is a duplicate, so the lane stops resending
        }
        if (merged != null) {
            SliceState slice = slices.get(report.sliceId());
            if (slice != null) {
                slice.record(report.users());
            }
            record(report, merged);
            finishIfComplete();
        }
    }

    private void ack(Incoming<IntervalReport> message, IntervalReport report) {
        message.reply(new ReportAck(WireMessage.VERSION, run.id(), report.sourceId(), report.seq()));
    }

    /** Streams the report's events and histograms ({@code interval}: decoded) to the result folder, in arrival order. */
    private void record(IntervalReport report, MetricsSnapshot interval) {
        writer.report(report, interval, aggregator.isWarmup(report));
        recorded += report.conversations().size();
        unrecorded += report.unrecorded();
        feed.sample(report.events());
        if (report.last()) {
            SliceState slice = slices.get(report.sliceId());
            if (slice != null && slice.sources.stream().allMatch(aggregator::isFinished)) {
                slice.status = SliceStatus.FINISHED;
            }
        }
    }

    /** The busiest of the run's workers, by the CPU of its last heartbeat (0–1; -1 unknown). */
    private double generatorCpu() {
        List<String> ours = slices.workerIds();
        return services.availableWorkers().stream().filter(w -> ours.contains(w.workerId())).mapToDouble(WorkerInfo::cpu)
                .max().orElse(-1);
    }

    private void onSecond(SecondStats second) {
        boolean degraded = losses.degradedDuring(second.timeMs() - 1000, second.timeMs(), System.currentTimeMillis());
        int joined = losses.joinedAt(second.second());
        feed.second(second, degraded, joined);
        writer.second(second, degraded, joined);
    }

    private void tick() {
        if (finisher.finishing()) {
            return;
        }
        long now = System.currentTimeMillis();
        aggregator.tick(now);
        feed.tick(aggregator, startAtMs, now);
        if (now - lastCheckpointMs >= CHECKPOINT_EVERY_MS) {
            checkpoint(now);
        }
        checkOverdue(now);
    }

    /**
     * What has been merged so far, on disk, as the summary the run would have if it stopped now:
     * a coordinator that dies leaves a run that can still be summed up.
     */
    private void checkpoint(long now) {
        lastCheckpointMs = now;
        MetricsSnapshot totals = aggregator.totals();
        // Were the coordinator to die now, every conversation still under way would be cut with it.
        Counters c = totals.counters();
        long cut = Math.max(0, c.conversationsStarted - c.conversationsCompleted() - c.conversationsInterrupted);
        long running = Math.max(0, c.usersStarted - c.usersFinished);
        SummaryBuilder.RunFacts facts = record().facts(run, RunStatus.ABORTED, RunRecovery.CRASHED, now, running, cut);
        List<SecondStats> timeline = aggregator.timeline();
        List<Summary.Level> levels = LevelFigures.of(aggregator.levels(), run.scenario());
        writer.checkpoint(() -> SummaryBuilder.build(run.scenario(), facts, totals, timeline, levels));
    }

    private void checkOverdue(long now) {
        LoadProfile load = run.load();
        if (load.durationMs() < 0) {
            return;
        }
        long deadline = startAtMs + load.durationMs() + load.gracefulStopMs() + OVERDUE_GRACE_MS;
        if (now > deadline) {
            List<String> missing = aggregator.unfinishedSources();
            notes.add("no last report from " + missing + "; their totals are the intervals received");
            finishWithResults(RunStatus.FAILED, "lanes " + missing + " never sent their last report");
        }
    }

    // ---- what the worker-loss handler uses

    private void onWorkerChange(String event, WorkerInfo worker) {
        if (!finisher.finishing()) {
            lossHandler.onWorkerChange(event, worker);
            if (event.equals("joined")) {
                joinHandler.onJoined(worker, startAtMs);
            }
        }
    }

    RunSlices slices() {
        return slices;
    }

    LiveFeed feed() {
        return feed;
    }

    void note(String note) {
        notes.add(note);
    }

    /**
     * The slice's lanes will not report again: what they reported stays, nothing more is awaited.
     * Returns the conversations they had in flight, cut by the loss.
     */
    long abandon(SliceState slice) {
        return aggregator.abandon(slice.sources);
    }

    RunLosses losses() {
        return losses;
    }

    boolean isFinishing() {
        return finisher.finishing();
    }

    /** A slice that joins a running run: prepared, expected, and started at the run's own instant at once. */
    Future<Void> takeOver(String workerId, SlicePlan plan) {
        return startSlice(workerId, plan).compose(slice -> {
            aggregator.expect(slice.sources);
            return launcher.go(slice, startAtMs);
        }).onSuccess(v -> slicesChanged());
    }

    /** A worker that joined the running run: its slice prepared, expected, and started at the run's own instant. */
    Future<Void> join(String workerId, SlicePlan plan) {
        return takeOver(workerId, plan);
    }

    boolean loadOver() {
        LoadProfile load = run.load();
        return load.durationMs() >= 0 && System.currentTimeMillis() >= startAtMs + load.durationMs();
    }

    /** When the conversations still in flight at the load's end must be over (epoch ms); only once {@link #loadOver}. */
    long gracefulEndMs() {
        LoadProfile load = run.load();
        return startAtMs + load.durationMs() + load.gracefulStopMs();
    }

    void slicesChanged() {
        slices.publish(run);
    }

    // ---- stopping and finishing

    /** Stops the load; graceful lets conversations in flight finish within the graceful stop. */
    void stop(boolean graceful, String reason) {
        if (run.status().isFinal() || finisher.finishing()) {
            return;
        }
        stopReason = reason;
        notes.add("stopped: " + reason);
        if (run.status() == RunStatus.RUNNING) {
            run.status(RunStatus.STOPPING, null);
            feed.stopping(reason);
        }
        stopSlices(graceful, reason);
    }

    private void stopSlices(boolean graceful, String reason) {
        slices.workerIds().forEach(w -> stopWorker(w, graceful, reason));
    }

    void stopWorker(String workerId, boolean graceful, String reason) {
        StopRun stop = new StopRun(WireMessage.VERSION, run.id(), reason, graceful);
        services.bus().publish(Addresses.workerStop(workerId, services.nodeOf(workerId)), stop);
    }

    /** Ends the run when every lane delivered its last report (or was abandoned). */
    void finishIfComplete() {
        if (!aggregator.allFinished() || losses.handoversPending()) {
            return;
        }
        if (stopReason != null) {
            finishWithResults(RunStatus.ABORTED, "stopped: " + stopReason);
        } else if (!slices.any(SliceStatus.RUNNING) && !slices.any(SliceStatus.FINISHED)) {
            finishWithResults(RunStatus.FAILED, "every worker of the run was lost");
        } else {
            finishWithResults(RunStatus.DONE, null);
        }
    }

    private void finishWithResults(RunStatus status, String reason) {
        if (finisher.finishing()) {
            return;
        }
        halt();
        if (run.record()) {
            notes.add(recorded + " conversations recorded in " + ResultFolder.CONVERSATIONS + (unrecorded == 0 ? ""
                    : "; " + unrecorded + " more were not (over the " + "recording bound of a lane's report)"));
        }
        finisher.withResults(status, reason, record());
    }

    private RunFinisher.Record record() {
        return new RunFinisher.Record(aggregator, writer.folder(), startAtMs, slices, notes, losses);
    }

    /** No more ticks, no more reports. */
    private void halt() {
        spans.close();
        if (dataset != null) {
            // Lanes still finishing may ask for rows: the endpoint goes after a grace period.
            services.vertx().setTimer(1000, id -> dataset.close());
        }
        if (ticker >= 0) {
            services.vertx().cancelTimer(ticker);
        }
        if (reports != null) {
            reports.unregister();
        }
    }
}
