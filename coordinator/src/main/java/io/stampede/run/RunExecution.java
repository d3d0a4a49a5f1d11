package io.stampede.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stampede.aggregate.RunAggregator;
import io.stampede.aggregate.SecondStats;
import io.stampede.cluster.Slice;
import io.stampede.cluster.Slicer;
import io.stampede.cluster.WorkerInfo;
import io.stampede.results.ResultFolder;
import io.stampede.results.Summary;
import io.stampede.results.SummaryBuilder;
import io.stampede.scenario.WorkerLossPolicy;
import io.stampede.wire.Addresses;
import io.stampede.wire.IntervalReport;
import io.stampede.wire.NodeEvent;
import io.stampede.wire.ReportAck;
import io.stampede.wire.ScenarioPayload;
import io.stampede.wire.SlicePlan;
import io.stampede.wire.StopRun;
import io.stampede.wire.WireCodec;
import io.stampede.wire.WireFormatException;
import io.stampede.wire.WireMessage;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * Carries one run from launch to its result files, on the coordinator's context: slices it
 * over the available workers, starts every slice at one absolute instant (corrected for each
 * worker's clock offset), merges the reports, publishes the live feed, hands a lost worker's
 * unfinished users to the others, and, when every lane is accounted for, writes the results.
 */
final class RunExecution {
    private static final Logger LOG = LoggerFactory.getLogger(RunExecution.class);
    /** After the planned end, how long to wait for last reports before giving up on them. */
    private static final long OVERDUE_GRACE_MS = 60_000;
    private static final int FEED_EVENTS_PER_SECOND = 50;

    private final CoordinatorServices services;
    private final Run run;
    private final SliceLauncher launcher;
    private final Map<String, SliceState> slices = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    /** Events for the feed's next {@code event} message: one per second, a bounded sample. */
    private final List<NodeEvent> feedEvents = new ArrayList<>();
    private ResultFolder folder;
    private RunAggregator aggregator;
    private MessageConsumer<byte[]> reports;
    private long ticker = -1;
    private long startAtMs;
    private boolean finishing;
    private String stopReason;

    RunExecution(CoordinatorServices services, Run run, ScenarioPayload payload) {
        this.services = services;
        this.run = run;
        this.launcher = new SliceLauncher(services, run, payload);
    }

    /** Runs the whole thing; the run's completion says how it ended. */
    void launch() {
        run.feed().publish("status", Map.of("run_id", run.id(), "status", run.status().wireName()));
        services.awaitWorkers()
                .compose(this::start)
                .onFailure(failure -> {
                    LOG.warn("run {} could not start: {}", run.id(), failure.getMessage());
                    stopSlices(false, "run failed to start");
                    finish(RunStatus.FAILED, failure.getMessage());
                });
    }

    private Future<Void> start(List<WorkerInfo> workers) {
        RunPlan plan = run.plan();
        List<Slicer.Member> members = workers.stream().map(w -> new Slicer.Member(w.workerId(), w.capacity())).toList();
        List<Slice> split = Slicer.split(plan.users(), members);
        int capacity = members.stream().mapToInt(Slicer.Member::capacity).sum();
        if (capacity < plan.users()) {
            notes.add("workers' total capacity " + capacity + " is below the " + plan.users() + " users of the run");
        }
        // Prepare every slice first (scenario loaded, lanes deployed); the start instant comes after.
        reports = services.vertx().eventBus().consumer(Addresses.runReports(run.id()), this::onReport);
        return reports.completion()
                .compose(v -> {
                    List<Future<SliceState>> prepared = new ArrayList<>();
                    for (Slice slice : split) {
                        prepared.add(startSlice(slice.workerId(), SliceLauncher.planFor(plan, slice, 0)));
                    }
                    return Future.all(prepared);
                })
                .compose(all -> {
                    // One instant for all, a moment ahead for the go messages to travel; lanes cut
                    // their intervals on whole seconds after it.
                    startAtMs = System.currentTimeMillis() + services.options().startDelayMs();
                    aggregator = new RunAggregator(startAtMs, services.options().closeDelayMs(), this::onSecond);
                    slices.values().forEach(s -> aggregator.expect(s.sources));
                    return services.vertx().executeBlocking(() -> ResultFolder.create(services.options().dataDir(), run.id(),
                            services.redactedScenario(run), startAtMs));
                })
                .compose(created -> {
                    folder = created;
                    List<Future<Void>> gone = new ArrayList<>();
                    slices.values().forEach(s -> gone.add(go(s)));
                    return Future.all(gone);
                })
                .map(all -> {
                    run.started(startAtMs);
                    run.status(RunStatus.RUNNING, null);
                    publishWorkers();
                    run.feed().publish("status", Map.of("run_id", run.id(), "status", "running",
                            "start_at", startAtMs, "workers", slices.size()));
                    services.watchWorkers(run, this::onWorkerChange);
                    ticker = services.vertx().setPeriodic(1000, id -> tick());
                    return null;
                });
    }

    /** Registers a new slice of this run and has its worker prepare it. */
    private Future<SliceState> startSlice(String workerId, SlicePlan plan) {
        SliceState slice = launcher.slice(workerId, plan);
        slices.put(slice.sliceId, slice);
        return launcher.prepare(slice);
    }

    private Future<Void> go(SliceState slice) {
        return launcher.go(slice, startAtMs);
    }

    private void onReport(Message<byte[]> message) {
        IntervalReport report;
        try {
            report = WireCodec.decode(message.body(), IntervalReport.class);
        } catch (WireFormatException e) {
            LOG.warn("run {}: dropping a report: {}", run.id(), e.getMessage());
            return;
        }
        if (aggregator == null) {
            // A lane stopped before the run began (its start failed): nothing to merge.
            if (report.last()) {
                message.reply(WireCodec.encode(new ReportAck(WireMessage.VERSION, run.id(), report.sourceId(), report.seq())));
            }
            return;
        }
        boolean merged;
        try {
            merged = aggregator.accept(report);
        } catch (IllegalArgumentException e) {
            LOG.warn("run {}: dropping a report from {}: {}", run.id(), report.sourceId(), e.getMessage());
            return;
        }
        if (report.last()) {
            // Acked even when it is a duplicate, so the lane stops resending.
            message.reply(WireCodec.encode(new ReportAck(WireMessage.VERSION, run.id(), report.sourceId(), report.seq())));
        }
        if (merged) {
            SliceState slice = slices.get(report.sliceId());
            if (slice != null) {
                slice.record(report.users());
            }
            record(report);
            finishIfComplete();
        }
    }

    private void finishIfComplete() {
        if (!aggregator.allFinished()) {
            return;
        }
        boolean anyRunning = slices.values().stream().anyMatch(s -> s.status.equals("running"));
        if (stopReason != null) {
            finishWithResults(RunStatus.ABORTED, "stopped: " + stopReason);
        } else if (!anyRunning && slices.values().stream().noneMatch(s -> s.status.equals("finished"))) {
            finishWithResults(RunStatus.FAILED, "every worker of the run was lost");
        } else {
            finishWithResults(RunStatus.DONE, null);
        }
    }

    /** Streams the report's events and histograms to the result folder, in arrival order. */
    private void record(IntervalReport report) {
        ResultFolder target = folder;
        services.vertx().executeBlocking(() -> {
            target.appendEvents(report.events());
            report.interval().toSnapshot().keys().forEach((key, stats) -> {
                if (!key.startsWith("check:")) {
                    target.appendLatency(key, report.startMs(), report.endMs(), stats.latency());
                }
            });
            return null;
        }, true).onFailure(e -> LOG.warn("run {}: cannot write results: {}", run.id(), e.getMessage()));
        for (NodeEvent e : report.events()) {
            if (feedEvents.size() < FEED_EVENTS_PER_SECOND) {
                feedEvents.add(e);
            }
        }
        if (report.last()) {
            SliceState slice = slices.get(report.sliceId());
            if (slice != null && slice.sources.stream().allMatch(aggregator::isFinished)) {
                slice.status = "finished";
            }
        }
    }

    private void onSecond(SecondStats second) {
        run.feed().publish("metrics", FeedMessages.metrics(run, second));
    }

    private void tick() {
        if (finishing) {
            return;
        }
        long now = System.currentTimeMillis();
        aggregator.tick(now);
        Map<String, Object> progress = FeedMessages.progress(run, aggregator, startAtMs, now);
        run.progress(progress);
        run.feed().publish("progress", progress);
        if (!feedEvents.isEmpty()) {
            run.feed().publish("event", Map.of("run_id", run.id(), "events", List.copyOf(feedEvents)));
            feedEvents.clear();
        }
        checkOverdue(now);
    }

    private void checkOverdue(long now) {
        RunPlan plan = run.plan();
        if (plan.durationMs() < 0) {
            return;
        }
        long deadline = startAtMs + plan.durationMs() + plan.gracefulStopMs() + OVERDUE_GRACE_MS;
        if (now > deadline) {
            List<String> missing = aggregator.unfinishedSources();
            notes.add("no last report from " + missing + "; their totals are the intervals received");
            finishWithResults(RunStatus.FAILED, "lanes " + missing + " never sent their last report");
        }
    }

    // ---- workers joining and leaving during the run

    private void onWorkerChange(String event, WorkerInfo worker) {
        if (finishing) {
            return;
        }
        List<SliceState> affected = slices.values().stream()
                .filter(s -> s.workerId.equals(worker.workerId()) && (s.status.equals("running") || s.status.equals("starting")))
                .toList();
        Map<String, Object> feed = new LinkedHashMap<>();
        feed.put("run_id", run.id());
        feed.put("event", event);
        feed.put("worker_id", worker.workerId());
        feed.put("at", System.currentTimeMillis());
        if (event.equals("lost") && !affected.isEmpty()) {
            WorkerLossPolicy policy = run.scenario().onWorkerLoss();
            int unfinished = affected.stream().mapToInt(s -> s.unfinished().size()).sum();
            feed.put("policy", policy.yamlName());
            feed.put("users_unfinished", unfinished);
            run.feed().publish("worker", feed);
            handleLoss(worker.workerId(), affected, policy);
        } else {
            run.feed().publish("worker", feed);
        }
    }

    private void handleLoss(String workerId, List<SliceState> lost, WorkerLossPolicy policy) {
        List<int[]> unfinished = new ArrayList<>();
        for (SliceState slice : lost) {
            slice.status = "lost";
            aggregator.abandon(slice.sources);
            unfinished.addAll(slice.unfinished());
        }
        // In case it is alive but cut off: its load must stop, and its reports are ignored from now.
        stopWorker(workerId, false, "worker declared lost");
        String when = java.time.Instant.now().toString();
        if (policy == WorkerLossPolicy.ABORT) {
            notes.add("worker " + workerId + " lost at " + when + ": run aborted (on_worker_loss: abort)");
            stop(false, "worker " + workerId + " lost");
            return;
        }
        if (policy == WorkerLossPolicy.CONTINUE || unfinished.isEmpty() || loadOver()) {
            notes.add("worker " + workerId + " lost at " + when + " with " + unfinished.size()
                    + " unfinished users; they were not run elsewhere (" + (loadOver() ? "the load phase was over" : "on_worker_loss: " + policy.yamlName()) + ")");
            publishWorkers();
            finishIfComplete();
            return;
        }
        List<WorkerInfo> others = services.availableWorkers().stream().filter(w -> !w.workerId().equals(workerId)).toList();
        if (others.isEmpty()) {
            notes.add("worker " + workerId + " lost at " + when + " with " + unfinished.size()
                    + " unfinished users; no other worker could take them");
            publishWorkers();
            finishIfComplete();
            return;
        }
        if (lost.stream().anyMatch(s -> s.plan.shape() != null)) {
            // Stages and arrivals follow the clock: the biggest other worker takes the lost part
            // over as it is, from now on.
            WorkerInfo heir = others.stream().max(java.util.Comparator.comparingInt(WorkerInfo::capacity)).orElseThrow();
            for (SliceState slice : lost) {
                takeOver(heir.workerId(), slice.plan)
                        .onFailure(e -> notes.add("take-over by " + heir.workerId() + " failed: " + e.getMessage()));
            }
            notes.add("worker " + workerId + " lost at " + when + ": " + heir.workerId() + " took over its part of the load");
            publishWorkers();
            return;
        }
        List<Slice> shares = Slicer.split(unfinished.size(), others.stream()
                .map(w -> new Slicer.Member(w.workerId(), w.capacity())).toList());
        RunPlan plan = run.plan();
        for (Slice share : shares) {
            List<Integer> users = new ArrayList<>();
            List<Integer> done = new ArrayList<>();
            for (int[] u : unfinished.subList(share.userFrom(), share.userTo())) {
                users.add(u[0]);
                done.add(u[1]);
            }
            takeOver(share.workerId(), new SlicePlan(0, 0, plan.users(), startAtMs, 0, plan.rampUpMs(), plan.durationMs(),
                    plan.iterations(), plan.gracefulStopMs(), users, done, null))
                    .onFailure(e -> notes.add("redistribution to " + share.workerId() + " failed: " + e.getMessage()));
        }
        notes.add("worker " + workerId + " lost at " + when + ": its " + unfinished.size() + " unfinished users went to "
                + shares.stream().map(s -> s.workerId() + " (" + s.users() + ")").toList());
        publishWorkers();
    }

    /** A slice that joins a running run: prepared, expected, and started at the run's own instant at once. */
    private Future<Void> takeOver(String workerId, SlicePlan plan) {
        return startSlice(workerId, plan).compose(slice -> {
            aggregator.expect(slice.sources);
            return go(slice);
        }).onSuccess(v -> publishWorkers());
    }

    private boolean loadOver() {
        RunPlan plan = run.plan();
        return plan.durationMs() >= 0 && System.currentTimeMillis() >= startAtMs + plan.durationMs();
    }

    // ---- stopping and finishing

    /** Stops the load; graceful lets conversations in flight finish within the graceful stop. */
    void stop(boolean graceful, String reason) {
        if (run.status().isFinal() || finishing) {
            return;
        }
        stopReason = reason;
        notes.add("stopped: " + reason);
        if (run.status() == RunStatus.RUNNING) {
            run.status(RunStatus.STOPPING, null);
            run.feed().publish("status", Map.of("run_id", run.id(), "status", "stopping", "reason", reason));
        }
        stopSlices(graceful, reason);
    }

    private void stopSlices(boolean graceful, String reason) {
        slices.values().stream().map(s -> s.workerId).distinct().forEach(w -> stopWorker(w, graceful, reason));
    }

    private void stopWorker(String workerId, boolean graceful, String reason) {
        byte[] stop = WireCodec.encode(new StopRun(WireMessage.VERSION, run.id(), reason, graceful));
        services.vertx().eventBus().request(Addresses.workerStop(workerId), stop, new DeliveryOptions().setSendTimeout(5000));
    }

    private void publishWorkers() {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (SliceState s : slices.values()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("worker_id", s.workerId);
            line.put("slice_id", s.sliceId);
            line.put("users", s.users());
            line.put("clock_offset_ms", s.clockOffsetMs);
            line.put("status", s.status);
            lines.add(line);
        }
        run.workers(lines);
    }

    private void finishWithResults(RunStatus status, String reason) {
        if (finishing) {
            return;
        }
        finishing = true;
        services.vertx().cancelTimer(ticker);
        reports.unregister();
        aggregator.closeAll();
        long endedAt = System.currentTimeMillis();
        slices.values().stream().filter(s -> s.status.equals("running")).forEach(s -> s.status = "finished");
        publishWorkers();
        List<Summary.WorkerLine> workerLines = slices.values().stream().map(s -> new Summary.WorkerLine(s.workerId, s.sliceId,
                s.users(), s.clockOffsetMs, s.status)).toList();
        Summary summary;
        try {
            summary = SummaryBuilder.build(run.scenario(), new SummaryBuilder.RunFacts(run.id(), status.wireName(), reason,
                    startAtMs, endedAt, run.plan().users(), run.plan().isOpenModel() ? run.plan().plannedArrivals() : null,
                    workerLines, List.copyOf(notes)), aggregator.totals());
        } catch (RuntimeException e) {
            LOG.error("run {}: cannot build the summary", run.id(), e);
            finishing = false;
            finish(RunStatus.FAILED, "internal error while building the summary: " + e);
            return;
        }
        ResultFolder target = folder;
        List<SecondStats> timeline = aggregator.timeline();
        services.vertx().executeBlocking(() -> {
            target.finish(summary, timeline);
            return null;
        }, true).onComplete(written -> {
            if (written.failed()) {
                LOG.error("run {}: cannot write result files: {}", run.id(), written.cause().getMessage());
            }
            end(status, reason, summary, endedAt);
        });
    }

    /** Ends a run that never got going: no summary, no result files beyond the scenario. */
    private void finish(RunStatus status, String reason) {
        if (finishing) {
            return;
        }
        finishing = true;
        if (ticker >= 0) {
            services.vertx().cancelTimer(ticker);
        }
        if (reports != null) {
            reports.unregister();
        }
        if (folder != null) {
            ResultFolder target = folder;
            services.vertx().executeBlocking(() -> {
                target.close();
                return null;
            });
        }
        end(status, reason, null, System.currentTimeMillis());
    }

    private void end(RunStatus status, String reason, Summary summary, long endedAt) {
        run.status(status, reason);
        Map<String, Object> done = new LinkedHashMap<>();
        done.put("run_id", run.id());
        done.put("status", status.wireName());
        if (reason != null) {
            done.put("reason", reason);
        }
        done.put("summary", summary);
        run.feed().publish("status", Map.of("run_id", run.id(), "status", status.wireName()));
        run.feed().publish("done", done);
        run.feed().close();
        run.finish(summary, endedAt);
        services.runEnded(run);
    }
}
