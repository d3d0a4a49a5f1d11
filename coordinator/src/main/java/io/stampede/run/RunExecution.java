package io.stampede.run;

import java.util.ArrayList;
import java.util.HashMap;
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
import io.stampede.metrics.Counters;
import io.stampede.results.ResultFolder;
import io.stampede.results.Summary;
import io.stampede.results.SummaryBuilder;
import io.stampede.wire.Addresses;
import io.stampede.wire.IntervalReport;
import io.stampede.wire.NodeEvent;
import io.stampede.wire.ReportAck;
import io.stampede.wire.ScenarioPayload;
import io.stampede.wire.SliceAccepted;
import io.stampede.wire.SlicePlan;
import io.stampede.wire.StartSlice;
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
 * over the available workers, starts every slice at one absolute time, merges the reports,
 * publishes the live feed, and, when every lane has sent its last report, writes the results.
 */
final class RunExecution {
    private static final Logger LOG = LoggerFactory.getLogger(RunExecution.class);
    private static final long START_REPLY_TIMEOUT_MS = 15_000;
    /** After the planned end, how long to wait for last reports before giving up on them. */
    private static final long OVERDUE_GRACE_MS = 60_000;
    private static final int FEED_EVENTS_PER_SECOND = 50;

    private final CoordinatorServices services;
    private final Run run;
    private final ScenarioPayload payload;
    private final List<Slice> slices = new ArrayList<>();
    private final Map<String, String> sliceStatus = new HashMap<>();
    private ResultFolder folder;
    private RunAggregator aggregator;
    private MessageConsumer<byte[]> reports;
    private long ticker = -1;
    private long startAtMs;
    private boolean finishing;
    private final List<String> notes = new ArrayList<>();
    private String stopReason;
    /** Events for the feed's next {@code event} message: one per second, a bounded sample. */
    private final List<NodeEvent> feedEvents = new ArrayList<>();

    RunExecution(CoordinatorServices services, Run run, ScenarioPayload payload) {
        this.services = services;
        this.run = run;
        this.payload = payload;
    }

    /** Runs the whole thing; the run's completion says how it ended. */
    void launch() {
        run.feed().publish("status", Map.of("run_id", run.id(), "status", run.status().wireName()));
        services.awaitWorkers()
                .compose(workers -> start(workers))
                .onFailure(failure -> {
                    LOG.warn("run {} could not start: {}", run.id(), failure.getMessage());
                    stopSlices(false, "run failed to start");
                    finish(RunStatus.FAILED, failure.getMessage());
                });
    }

    private Future<Void> start(List<WorkerInfo> workers) {
        RunPlan plan = run.plan();
        List<Slicer.Member> members = workers.stream().map(w -> new Slicer.Member(w.workerId(), w.capacity())).toList();
        slices.addAll(Slicer.split(plan.users(), members));
        int capacity = members.stream().mapToInt(Slicer.Member::capacity).sum();
        if (capacity < plan.users()) {
            notes.add("workers' total capacity " + capacity + " is below the " + plan.users() + " users of the run");
        }
        // Start on a whole second, so every lane's one-second intervals line up with the run's seconds.
        long earliest = System.currentTimeMillis() + services.options().startDelayMs();
        startAtMs = (earliest / 1000 + 1) * 1000;
        aggregator = new RunAggregator(startAtMs, services.options().closeDelayMs(), this::onSecond);
        reports = services.vertx().eventBus().consumer(Addresses.runReports(run.id()), this::onReport);
        return reports.completion()
                .compose(v -> services.vertx().executeBlocking(() -> ResultFolder.create(services.options().dataDir(), run.id(),
                        services.redactedScenario(run), startAtMs)))
                .compose(created -> {
                    folder = created;
                    List<Future<SliceAccepted>> accepted = new ArrayList<>();
                    for (Slice slice : slices) {
                        accepted.add(startSlice(slice, plan));
                    }
                    return Future.all(accepted);
                })
                .map(all -> {
                    run.started(startAtMs);
                    run.status(RunStatus.RUNNING, null);
                    publishWorkers();
                    run.feed().publish("status", Map.of("run_id", run.id(), "status", "running",
                            "start_at", startAtMs, "workers", slices.size()));
                    ticker = services.vertx().setPeriodic(1000, id -> tick());
                    return null;
                });
    }

    private Future<SliceAccepted> startSlice(Slice slice, RunPlan plan) {
        SlicePlan slicePlan = new SlicePlan(slice.userFrom(), slice.userTo(), plan.users(), startAtMs, 0, plan.rampUpMs(),
                plan.durationMs(), plan.iterations(), plan.gracefulStopMs());
        StartSlice message = new StartSlice(WireMessage.VERSION, run.id(), slice.sliceId(), services.coordinatorId(), payload,
                slicePlan);
        return services.vertx().eventBus()
                .<byte[]>request(Addresses.workerStart(slice.workerId()), WireCodec.encode(message),
                        new DeliveryOptions().setSendTimeout(START_REPLY_TIMEOUT_MS))
                .map(reply -> {
                    SliceAccepted ok = WireCodec.decode(reply.body(), SliceAccepted.class);
                    aggregator.expect(ok.sources());
                    sliceStatus.put(slice.sliceId(), "running");
                    return ok;
                })
                .recover(failure -> Future.failedFuture(
                        "worker " + slice.workerId() + " did not start its slice: " + failure.getMessage()));
    }

    private void onReport(Message<byte[]> message) {
        IntervalReport report;
        try {
            report = WireCodec.decode(message.body(), IntervalReport.class);
        } catch (WireFormatException e) {
            LOG.warn("run {}: dropping a report: {}", run.id(), e.getMessage());
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
            record(report);
            if (aggregator.allFinished()) {
                if (stopReason != null) {
                    finishWithResults(RunStatus.ABORTED, "stopped: " + stopReason);
                } else {
                    finishWithResults(RunStatus.DONE, null);
                }
            }
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
    }

    private void onSecond(SecondStats second) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("run_id", run.id());
        metrics.put("second", second.second());
        metrics.put("time_ms", second.timeMs());
        metrics.put("users_active", second.activeUsers());
        metrics.put("requests", second.requests());
        metrics.put("errors", second.errors());
        metrics.put("latency_ms", second.latency());
        metrics.put("tokens", second.inputTokens() + second.outputTokens());
        metrics.put("keys", second.keys());
        run.feed().publish("metrics", metrics);
    }

    private void tick() {
        long now = System.currentTimeMillis();
        aggregator.tick(now);
        List<SecondStats> timeline = aggregator.timeline();
        SecondStats last = timeline.isEmpty() ? null : timeline.get(timeline.size() - 1);
        Counters c = aggregator.runningCounters();
        long elapsed = Math.max(0, now - startAtMs);
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("run_id", run.id());
        progress.put("status", run.status().wireName());
        progress.put("elapsed_s", elapsed / 1000.0);
        progress.put("percent", Math.round(run.plan().percent(elapsed, c.conversationsCompleted() + c.conversationsInterrupted) * 10) / 10.0);
        progress.put("users_target", run.plan().users());
        progress.put("users_active", aggregator.activeUsers());
        progress.put("users_started", c.usersStarted);
        progress.put("users_finished", c.usersFinished);
        progress.put("requests", aggregator.runningRequests());
        progress.put("errors", aggregator.runningErrors());
        progress.put("conversations_succeeded", c.conversationsSucceeded);
        progress.put("conversations_failed", c.conversationsFailed);
        progress.put("rps", last == null ? 0 : last.requests());
        progress.put("p95_ms", last == null ? 0 : last.latency().p95());
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
        if (plan.durationMs() < 0 || finishing) {
            return;
        }
        long deadline = startAtMs + plan.durationMs() + plan.gracefulStopMs() + OVERDUE_GRACE_MS;
        if (now > deadline) {
            List<String> missing = aggregator.unfinishedSources();
            notes.add("no last report from " + missing + "; their totals are the intervals received");
            finishWithResults(RunStatus.FAILED, "lanes " + missing + " never sent their last report");
        }
    }

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
        byte[] stop = WireCodec.encode(new StopRun(WireMessage.VERSION, run.id(), reason, graceful));
        for (Slice slice : slices) {
            services.vertx().eventBus().request(Addresses.workerStop(slice.workerId()), stop,
                    new DeliveryOptions().setSendTimeout(5000));
        }
    }

    private void publishWorkers() {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Slice s : slices) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("worker_id", s.workerId());
            line.put("slice_id", s.sliceId());
            line.put("user_from", s.userFrom());
            line.put("user_to", s.userTo());
            line.put("status", sliceStatus.getOrDefault(s.sliceId(), "pending"));
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
        sliceStatus.replaceAll((k, v) -> "finished");
        publishWorkers();
        List<Summary.WorkerLine> workerLines = slices.stream().map(s -> new Summary.WorkerLine(s.workerId(), s.sliceId(),
                s.userFrom(), s.userTo(), sliceStatus.getOrDefault(s.sliceId(), "finished"))).toList();
        Summary summary = SummaryBuilder.build(run.scenario(), new SummaryBuilder.RunFacts(run.id(), status.wireName(), reason,
                startAtMs, endedAt, run.plan().users(), workerLines, List.copyOf(notes)), aggregator.totals());
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
