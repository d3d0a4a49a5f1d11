package io.stampede.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.stampede.cluster.Slice;
import io.stampede.cluster.Slicer;
import io.stampede.cluster.WorkerInfo;
import io.stampede.load.LoadProfile;
import io.stampede.scenario.WorkerLossPolicy;
import io.stampede.wire.SlicePlan;
import io.vertx.core.Future;

/**
 * What a run does when one of its workers joins or is lost, per the scenario's
 * {@code on_worker_loss}: {@code abort} stops the run; {@code continue} goes on without the lost
 * users; {@code redistribute} hands the lost slices' unfinished users (each with the
 * conversations it has left, started at the takeover instant) to the other workers in
 * proportion to capacity, or — for stages and arrivals, which follow the clock — the whole lost
 * part to the biggest other worker.
 *
 * <p>A handover waits until the lease the lost worker last held has surely run out, so a user
 * is never driven by two workers at once (a paused or cut-off worker sends nothing after its
 * lease). A worker that falls silent once the load is over is given time for its last reports
 * before it is judged lost. Each loss is a {@link Degradation}, a note in the summary and
 * {@code worker} events in the feed. Lives on the coordinator's context.
 */
final class WorkerLossHandler {
    /** How long after the graceful stop a worker silent since the load's end has to deliver its last reports. */
    static final long LATE_REPORTS_MS = 15_000;

    private final CoordinatorServices services;
    private final Run run;
    private final RunCourse course;
    /** Workers silent since the load's end whose last reports are awaited. */
    private final Set<String> awaited = new HashSet<>();

    WorkerLossHandler(CoordinatorServices services, Run run, RunCourse course) {
        this.services = services;
        this.run = run;
        this.course = course;
    }

    void onWorkerChange(String event, WorkerInfo worker) {
        List<SliceState> affected = course.slices().liveOn(worker.workerId());
        if (!event.equals("lost") || affected.isEmpty()) {
            course.feed().worker(event, worker.workerId(), null, null);
            return;
        }
        if (course.loadOver()) {
            awaitLastReports(worker.workerId(), System.currentTimeMillis());
            return;
        }
        judgeLost(worker.workerId(), affected);
    }

    private void judgeLost(String workerId, List<SliceState> affected) {
        WorkerLossPolicy policy = run.scenario().onWorkerLoss();
        int unfinished = affected.stream().mapToInt(s -> s.unfinished().size()).sum();
        course.feed().worker("lost", workerId, policy.yamlName(), unfinished);
        handleLoss(workerId, affected, policy);
    }

    /**
     * A worker that falls silent once the load is over is most often busy ending it (tens of
     * thousands of connections closed at once, its last reports encoded) on a machine with no
     * core to spare: nothing is handed over then, so there is nothing to fence, and its last
     * reports are awaited a while before its users are written off. Should they come, the run
     * counts every one of its users; should they not, the loss is judged as before.
     */
    private void awaitLastReports(String workerId, long silentAtMs) {
        if (!awaited.add(workerId)) {
            return; // silent again while awaited: the first wait covers it
        }
        long judgeAtMs = Math.max(silentAtMs, course.gracefulEndMs()) + LATE_REPORTS_MS;
        course.note("worker " + workerId + " fell silent at " + Instant.ofEpochMilli(silentAtMs) + ", after the load ended:"
                + " its last reports were awaited until " + Instant.ofEpochMilli(judgeAtMs) + " before judging it lost");
        services.vertx().setTimer(Math.max(1, judgeAtMs - System.currentTimeMillis()), id -> {
            awaited.remove(workerId);
            if (course.isFinishing()) {
                return;
            }
            List<SliceState> affected = course.slices().liveOn(workerId);
            boolean back = services.availableWorkers().stream().anyMatch(w -> w.workerId().equals(workerId));
            if (!affected.isEmpty() && !back) {
                judgeLost(workerId, affected); // a worker that is back has until the run's own deadline
            }
        });
    }

    private void handleLoss(String workerId, List<SliceState> lost, WorkerLossPolicy policy) {
        Degradation degradation = course.losses().degraded(workerId, policy.yamlName());
        List<SliceState.Unfinished> unfinished = new ArrayList<>();
        for (SliceState slice : lost) {
            slice.status = SliceStatus.LOST;
            degradation.cut(course.abandon(slice));
            unfinished.addAll(slice.unfinished());
        }
        // In case it is alive but cut off: its load must stop (its lease is revoked already), and its reports are ignored.
        course.stopWorker(workerId, false, "worker declared lost");
        String lostAt = "worker " + workerId + " lost at " + Instant.now();
        if (policy == WorkerLossPolicy.ABORT) {
            course.losses().usersLost(unfinished.size());
            course.note(lostAt + ": run aborted (on_worker_loss: abort)");
            course.stop(false, "worker " + workerId + " lost");
            return;
        }
        boolean loadOver = course.loadOver();
        if (policy == WorkerLossPolicy.CONTINUE || unfinished.isEmpty() || loadOver) {
            course.losses().usersLost(unfinished.size());
            course.note(lostAt + " with " + unfinished.size() + " unfinished users; they were not run elsewhere ("
                    + (loadOver ? "the load phase was over" : "on_worker_loss: " + policy.yamlName()) + ")");
            if (unfinished.isEmpty()) {
                degradation.recovered(System.currentTimeMillis());
            }
            course.slicesChanged();
            course.finishIfComplete();
            return;
        }
        // No user moves before the lost worker's lease has surely run out: then nothing it still
        // sends (it sends nothing without a lease) can overlap what the others send for its users.
        long waitMs = services.leases().surelyExpiredInMs(workerId);
        course.losses().handoverPending(true);
        services.vertx().setTimer(Math.max(1, waitMs), id -> handOver(workerId, lostAt, lost, unfinished, degradation)
                .onComplete(done -> {
                    course.losses().handoverPending(false);
                    course.slicesChanged();
                    course.finishIfComplete();
                }));
    }

    private Future<Void> handOver(String workerId, String lostAt, List<SliceState> lost, List<SliceState.Unfinished> unfinished,
                                  Degradation degradation) {
        if (course.isFinishing()) {
            return Future.succeededFuture();
        }
        List<WorkerInfo> others = services.availableWorkers().stream().filter(w -> !w.workerId().equals(workerId)).toList();
        if (others.isEmpty()) {
            course.losses().usersLost(unfinished.size());
            course.note(lostAt + " with " + unfinished.size() + " unfinished users; no other worker could take them");
            return Future.succeededFuture();
        }
        Future<Void> started = run.load().isShaped() ? handOverShaped(lostAt, lost, others, degradation)
                : redistribute(lostAt, unfinished, others, degradation);
        return started.onSuccess(v -> {
            long runningAt = System.currentTimeMillis() + SlicePlan.TAKEOVER_SPREAD_MS;
            degradation.recovered(runningAt);
            course.feed().worker("recovered", workerId, null, null);
        });
    }

    /** Stages and arrivals follow the clock: the biggest other worker takes the lost part over as it is, from now on. */
    private Future<Void> handOverShaped(String lostAt, List<SliceState> lost, List<WorkerInfo> others, Degradation degradation) {
        WorkerInfo heir = others.stream().max(Comparator.comparingInt(WorkerInfo::capacity)).orElseThrow();
        List<Future<Void>> started = new ArrayList<>();
        for (SliceState slice : lost) {
            started.add(course.takeOver(heir.workerId(), slice.plan.asHandover())
                    .onFailure(e -> course.note("take-over by " + heir.workerId() + " failed: " + e.getMessage())));
            degradation.handedOver(slice.unfinished().size());
        }
        if (!run.load().isOpen()) {
            course.losses().restarted(degradation.conversationsCut()); // users of stages begin their cut conversation again
        }
        course.note(lostAt + ": " + heir.workerId() + " took over its part of the load");
        return Future.all(started).mapEmpty();
    }

    /** The closed model: each unfinished user, with the conversations it has left, goes to one of the others. */
    private Future<Void> redistribute(String lostAt, List<SliceState.Unfinished> unfinished, List<WorkerInfo> others,
                                      Degradation degradation) {
        List<Slice> shares = Slicer.split(unfinished.size(), others.stream()
                .map(w -> new Slicer.Member(w.workerId(), w.capacity())).toList());
        LoadProfile load = run.load();
        List<Future<Void>> started = new ArrayList<>();
        for (Slice share : shares) {
            List<SliceState.Unfinished> part = unfinished.subList(share.userFrom(), share.userTo());
            SlicePlan plan = SlicePlan.takeover(load, part.stream().map(SliceState.Unfinished::user).toList(),
                    part.stream().map(SliceState.Unfinished::done).toList(),
                    part.stream().map(SliceState.Unfinished::started).toList());
            started.add(course.takeOver(share.workerId(), plan)
                    .onFailure(e -> course.note("redistribution to " + share.workerId() + " failed: " + e.getMessage())));
        }
        degradation.handedOver(unfinished.size());
        course.losses().restarted(degradation.conversationsCut()); // each cut conversation is begun again by its user
        course.note(lostAt + ": its " + unfinished.size() + " unfinished users went to "
                + shares.stream().map(s -> s.workerId() + " (" + s.users() + ")").toList());
        return Future.all(started).mapEmpty();
    }
}
