package io.stampede.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.stampede.cluster.WorkerInfo;
import io.stampede.load.ArrivalSegment;
import io.stampede.load.LoadProfile;
import io.stampede.load.Shares;
import io.stampede.wire.Addresses;
import io.stampede.wire.Rebalance;
import io.stampede.wire.Rebalanced;
import io.stampede.wire.SlicePlan;
import io.stampede.wire.WireMessage;
import io.vertx.core.Future;

/**
 * A worker that joins a running run (ops scaled the workers up) takes a share of it from a
 * moment ahead — the start of the second after next, so every worker hears of it before —, in
 * proportion to its capacity against the run's workers':
 *
 * <ul>
 * <li>open model: that share of the arrival positions (and of {@code max_users}) from that
 *     instant, given up by the others in proportion to what they hold ({@link ArrivalSegment#giveUp});
 *     each gives up exactly from when its lanes switch, so no arrival is taken twice or by nobody;</li>
 * <li>closed model: that share of the users whose ramp has not started, taken evenly along
 *     the rest of the ramp from the others' slices; a worker gives up only users whose start is
 *     still over a second ahead and says which, so the new one runs exactly those, each at its
 *     own place on the ramp.</li>
 * </ul>
 * Stages of users and takeovers are not split (they follow the clock or are under way): the
 * worker waits for the next run. Each join is in the summary ({@code joined}), the timeline
 * ({@code workers_joined}) and the feed ({@code worker} event {@code took_load}). Lives on the
 * coordinator's context.
 */
final class WorkerJoinHandler {
    private static final long REPLY_TIMEOUT_MS = 5_000;
    /** How far ahead the change takes effect: every worker must hear of it before. */
    private static final long LEAD_MS = 1_500;

    private final CoordinatorServices services;
    private final Run run;
    private final RunCourse course;

    WorkerJoinHandler(CoordinatorServices services, Run run, RunCourse course) {
        this.services = services;
        this.run = run;
        this.course = course;
    }

    /** {@code worker} joined the cluster while the run runs. */
    void onJoined(WorkerInfo worker, long startAtMs) {
        LoadProfile load = run.load();
        if (course.isFinishing() || course.loadOver() || !course.slices().liveOn(worker.workerId()).isEmpty()
                || worker.capacity() <= 0) {
            return;
        }
        long nowMs = System.currentTimeMillis();
        long fromSecond = Math.max(1, (nowMs + LEAD_MS - startAtMs + 999) / 1000);
        long fromMs = fromSecond * 1000;
        List<SliceState> donors = course.slices().all().stream()
                .filter(s -> s.status == SliceStatus.RUNNING && !s.plan.handover()).toList();
        if (donors.isEmpty()) {
            return;
        }
        long runCapacity = donors.stream().map(s -> s.workerId).distinct()
                .mapToLong(id -> services.availableWorkers().stream().filter(w -> w.workerId().equals(id))
                        .mapToLong(WorkerInfo::capacity).findFirst().orElse(0)).sum();
        double share = (double) worker.capacity() / (worker.capacity() + Math.max(1, runCapacity));
        Future<Long> taken;
        if (load.isOpen()) {
            taken = shareArrivals(worker, donors, share, fromMs);
        } else if (!load.hasUserStages()) {
            taken = shareUnstartedUsers(worker, donors, share, startAtMs, fromMs);
        } else {
            course.note("worker " + worker.workerId() + " joined during the run; a run with stages of users is not split while"
                    + " it runs: it takes part in the next run");
            return;
        }
        taken.onSuccess(n -> {
            if (n > 0) {
                course.losses().joined(worker.workerId(), fromSecond, n);
                course.feed().worker("took_load", worker.workerId(), null, (int) Math.min(Integer.MAX_VALUE, n));
                course.note(String.format(Locale.ROOT, "worker %s joined during the run and took %,d %s from second %d on",
                        worker.workerId(), n, load.isOpen() ? "arrival positions and max users" : "users whose ramp had not started",
                        fromSecond));
                course.slicesChanged();
            }
        }).onFailure(e -> course.note("worker " + worker.workerId() + " joined but could not take load: " + e.getMessage()));
    }

    /** The open model: positions from {@code fromMs} on, from each donor in proportion to what it holds then. */
    private Future<Long> shareArrivals(WorkerInfo worker, List<SliceState> donors, double share, long fromMs) {
        LoadProfile load = run.load();
        long[] sizes = donors.stream().mapToLong(s -> s.plan.segment().sizeAt(fromMs)).toArray();
        long held = java.util.Arrays.stream(sizes).sum();
        int wanted = (int) Math.min(worker.capacity(), Math.round(held * share));
        if (wanted == 0 || held == 0) {
            return Future.succeededFuture(0L);
        }
        int[] gives = Shares.split(wanted, sizes);
        List<Future<List<ArrivalSegment.Part>>> parts = new ArrayList<>();
        for (int i = 0; i < donors.size(); i++) {
            SliceState donor = donors.get(i);
            if (gives[i] == 0) {
                continue;
            }
            ArrivalSegment.Split split = donor.plan.segment().giveUp(gives[i], fromMs);
            Rebalance message = new Rebalance(WireMessage.VERSION, run.id(), donor.sliceId, fromMs, null, split.kept());
            parts.add(ask(donor, message).map(answer -> {
                donor.plan = donor.plan.withSegment(split.kept());
                // From when the donor's lanes switched: normally fromMs; later if they were already past it.
                return split.given().stream().map(p -> new ArrivalSegment.Part(p.from(), p.to(),
                        Math.max(p.sinceMs(), answer.appliedFromMs()), p.untilMs())).toList();
            }).otherwise(e -> {
                course.note("worker " + donor.workerId + " did not answer the rebalance (" + e.getMessage()
                        + "): it keeps its arrivals");
                return List.of();
            }));
        }
        return Future.all(parts).compose(all -> {
            List<ArrivalSegment.Part> given = new ArrayList<>();
            parts.forEach(f -> given.addAll(f.result()));
            long positions = given.stream().mapToLong(p -> p.to() - p.from()).sum();
            if (positions == 0) {
                return Future.succeededFuture(0L);
            }
            ArrivalSegment segment = new ArrivalSegment(given, load.users(), (int) positions, 0, 1);
            return course.join(worker.workerId(), SlicePlan.open(load, segment)).map(positions);
        });
    }

    /** The closed model: users whose ramp starts {@code fromMs} after the start or later, evenly along the rest of the ramp. */
    private Future<Long> shareUnstartedUsers(WorkerInfo worker, List<SliceState> donors, double share, long startAtMs, long fromMs) {
        LoadProfile load = run.load();
        long fromAtMs = startAtMs + fromMs;
        List<List<Integer>> unstarted = new ArrayList<>();
        for (SliceState donor : donors) {
            List<Integer> later = donor.kept().stream().filter(donor::notStarted)
                    .filter(u -> startAtMs + load.rampUpMs() * u / Math.max(1, load.users()) >= fromAtMs).toList();
            unstarted.add(later);
        }
        long total = unstarted.stream().mapToLong(List::size).sum();
        int wanted = (int) Math.min(worker.capacity(), Math.round(total * share));
        if (wanted == 0) {
            return Future.succeededFuture(0L);
        }
        int[] gives = Shares.split(wanted, unstarted.stream().mapToLong(List::size).toArray());
        List<Future<List<Integer>>> answers = new ArrayList<>();
        for (int i = 0; i < donors.size(); i++) {
            if (gives[i] == 0) {
                continue;
            }
            SliceState donor = donors.get(i);
            List<Integer> pick = evenly(unstarted.get(i), gives[i]);
            Rebalance message = new Rebalance(WireMessage.VERSION, run.id(), donor.sliceId, fromMs, pick, null);
            answers.add(ask(donor, message).map(answer -> {
                donor.withdraw(answer.withdrawn());
                return answer.withdrawn();
            }).otherwise(e -> {
                course.note("worker " + donor.workerId + " did not answer the rebalance (" + e.getMessage() + "): it keeps its users");
                return List.of();
            }));
        }
        return Future.all(answers).compose(all -> {
            List<Integer> users = new ArrayList<>();
            answers.forEach(f -> users.addAll(f.result()));
            users.sort(null);
            if (users.isEmpty()) {
                return Future.succeededFuture(0L);
            }
            return course.join(worker.workerId(), SlicePlan.joining(load, users)).map((long) users.size());
        });
    }

    /** {@code n} of {@code from}, spread evenly over it (every k-th), so they start all along the rest of the ramp. */
    static List<Integer> evenly(List<Integer> from, int n) {
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(from.get((int) ((long) i * from.size() / n)));
        }
        return out;
    }

    private Future<Rebalanced> ask(SliceState donor, Rebalance message) {
        return services.bus().request(Addresses.workerRebalance(donor.workerId, services.nodeOf(donor.workerId)), message,
                Rebalanced.class, REPLY_TIMEOUT_MS);
    }
}
