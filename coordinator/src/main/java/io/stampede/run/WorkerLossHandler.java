package io.stampede.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.stampede.cluster.Slice;
import io.stampede.cluster.Slicer;
import io.stampede.cluster.WorkerInfo;
import io.stampede.load.LoadProfile;
import io.stampede.scenario.WorkerLossPolicy;
import io.stampede.wire.SlicePlan;

/**
 * What a run does when one of its workers joins or is lost, per the scenario's
 * {@code on_worker_loss}: {@code abort} stops the run; {@code continue} goes on without the lost
 * users; {@code redistribute} hands the lost slices' unfinished users (each with the
 * conversations it has left) to the other workers in proportion to capacity, or — for stages
 * and arrivals, which follow the clock — the whole lost part to the biggest other worker. Every
 * decision is a note in the summary and a {@code worker} event in the feed. Lives on the
 * coordinator's context.
 */
final class WorkerLossHandler {
    private final CoordinatorServices services;
    private final Run run;
    private final RunCourse course;

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
        WorkerLossPolicy policy = run.scenario().onWorkerLoss();
        int unfinished = affected.stream().mapToInt(s -> s.unfinished().size()).sum();
        course.feed().worker(event, worker.workerId(), policy.yamlName(), unfinished);
        handleLoss(worker.workerId(), affected, policy);
    }

    private void handleLoss(String workerId, List<SliceState> lost, WorkerLossPolicy policy) {
        List<int[]> unfinished = new ArrayList<>();
        for (SliceState slice : lost) {
            slice.status = SliceStatus.LOST;
            course.abandon(slice);
            unfinished.addAll(slice.unfinished());
        }
        // In case it is alive but cut off: its load must stop, and its reports are ignored from now.
        course.stopWorker(workerId, false, "worker declared lost");
        String lostAt = "worker " + workerId + " lost at " + Instant.now();
        if (policy == WorkerLossPolicy.ABORT) {
            course.note(lostAt + ": run aborted (on_worker_loss: abort)");
            course.stop(false, "worker " + workerId + " lost");
            return;
        }
        boolean loadOver = course.loadOver();
        if (policy == WorkerLossPolicy.CONTINUE || unfinished.isEmpty() || loadOver) {
            course.note(lostAt + " with " + unfinished.size() + " unfinished users; they were not run elsewhere ("
                    + (loadOver ? "the load phase was over" : "on_worker_loss: " + policy.yamlName()) + ")");
            course.slicesChanged();
            course.finishIfComplete();
            return;
        }
        List<WorkerInfo> others = services.availableWorkers().stream().filter(w -> !w.workerId().equals(workerId)).toList();
        if (others.isEmpty()) {
            course.note(lostAt + " with " + unfinished.size() + " unfinished users; no other worker could take them");
            course.slicesChanged();
            course.finishIfComplete();
            return;
        }
        if (run.load().isShaped()) {
            handOverShaped(lostAt, lost, others);
        } else {
            redistribute(lostAt, unfinished, others);
        }
        course.slicesChanged();
    }

    /** Stages and arrivals follow the clock: the biggest other worker takes the lost part over as it is, from now on. */
    private void handOverShaped(String lostAt, List<SliceState> lost, List<WorkerInfo> others) {
        WorkerInfo heir = others.stream().max(Comparator.comparingInt(WorkerInfo::capacity)).orElseThrow();
        for (SliceState slice : lost) {
            course.takeOver(heir.workerId(), slice.plan)
                    .onFailure(e -> course.note("take-over by " + heir.workerId() + " failed: " + e.getMessage()));
        }
        course.note(lostAt + ": " + heir.workerId() + " took over its part of the load");
    }

    /** The closed model: each unfinished user, with the conversations it has left, goes to one of the others. */
    private void redistribute(String lostAt, List<int[]> unfinished, List<WorkerInfo> others) {
        List<Slice> shares = Slicer.split(unfinished.size(), others.stream()
                .map(w -> new Slicer.Member(w.workerId(), w.capacity())).toList());
        LoadProfile load = run.load();
        for (Slice share : shares) {
            List<Integer> users = new ArrayList<>();
            List<Integer> done = new ArrayList<>();
            for (int[] u : unfinished.subList(share.userFrom(), share.userTo())) {
                users.add(u[0]);
                done.add(u[1]);
            }
            course.takeOver(share.workerId(), SlicePlan.takeover(load, users, done))
                    .onFailure(e -> course.note("redistribution to " + share.workerId() + " failed: " + e.getMessage()));
        }
        course.note(lostAt + ": its " + unfinished.size() + " unfinished users went to "
                + shares.stream().map(s -> s.workerId() + " (" + s.users() + ")").toList());
    }
}
