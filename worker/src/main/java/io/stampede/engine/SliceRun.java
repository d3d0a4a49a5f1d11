package io.stampede.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.stampede.limits.ReplyBudget;
import io.stampede.load.ArrivalSegment;
import io.stampede.load.Shares;
import io.stampede.scenario.Scenario;
import io.stampede.wire.SlicePlan;
import io.stampede.wire.Rebalance;
import io.stampede.wire.Rebalanced;
import io.stampede.wire.StartSlice;
import io.stampede.bus.Bus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * One slice of a run on this worker: its users split into contiguous ranges, one lane per
 * event loop. Finished when every lane has delivered its last report.
 */
final class SliceRun {
    private final Vertx vertx;
    private final Bus bus;
    private final StartSlice message;
    private final Scenario scenario;
    private final int laneCount;
    private final boolean leanHttp;
    private final ReplyBudget replies;
    private final List<Lane> lanes = new ArrayList<>();
    private final List<String> deployments = new ArrayList<>();
    private final Lease lease;
    private final long createdAtNanos = System.nanoTime();
    private volatile boolean stopped;

    SliceRun(Vertx vertx, Bus bus, StartSlice message, Scenario scenario, int maxLanes, boolean leanHttp, Lease lease,
             ReplyBudget replies) {
        this.vertx = vertx;
        this.replies = replies;
        this.bus = bus;
        this.leanHttp = leanHttp;
        this.message = message;
        this.scenario = scenario;
        this.lease = lease;
        // The open model has no users up front: its lanes split the arrivals instead.
        ArrivalSegment segment = message.plan().segment();
        int parallel = segment != null ? Math.max(1, segment.maxUsers()) : message.plan().userCount();
        this.laneCount = Math.max(1, Math.min(maxLanes, parallel));
    }

    String runId() {
        return message.runId();
    }

    String coordinatorId() {
        return message.coordinatorId();
    }

    /** The lease this slice sends under, and its epoch. */
    Lease lease() {
        return lease;
    }

    long epoch() {
        return message.epoch();
    }

    long createdAtNanos() {
        return createdAtNanos;
    }

    /** True once the slice's load was stopped at once (by its coordinator, its lease or the watchdog). */
    boolean isStopped() {
        return stopped;
    }

    /** Deploys the lanes; completes with their report source ids. */
    Future<List<String>> start(String workerId) {
        SlicePlan plan = message.plan();
        // The run's seed from the coordinator, so it can match the agent's spans to the run.
        long traceSeed = message.tracing() != null ? message.tracing().seed() : ThreadLocalRandom.current().nextLong() | 1;
        List<String> sources = new ArrayList<>();
        List<Future<String>> deployed = new ArrayList<>();
        int[] users = Shares.offsets(Shares.even(plan.userCount(), laneCount));
        int[] maxUsers = plan.segment() == null ? null : Shares.even(plan.segment().maxUsers(), laneCount);
        Lane.Helpers helpers = new Lane.Helpers(message.record(), new io.stampede.assist.JudgeCache(), laneCount);
        for (int l = 0; l < laneCount; l++) {
            String source = workerId + "/" + message.sliceId() + "/" + l;
            ArrivalSegment segment = maxUsers == null ? null : plan.segment().forLane(l, laneCount, maxUsers[l]);
            Lane lane = new Lane(new Lane.Setup(message.runId(), message.sliceId(), source, scenario, plan, users[l],
                    users[l + 1], traceSeed, segment, leanHttp, lease, message.epoch(), bus,
                    message.tracing() == null ? null : message.tracing().exportUrl(), helpers, replies));
            lanes.add(lane);
            sources.add(source);
            deployed.add(vertx.deployVerticle(lane));
        }
        return Future.all(deployed).map(all -> {
            for (int i = 0; i < deployed.size(); i++) {
                deployments.add(deployed.get(i).result());
            }
            return sources;
        });
    }

    /** Starts the lanes at {@code startAtMs} of the coordinator's clock. */
    void go(long startAtMs) {
        long localStartMs = startAtMs + message.plan().clockOffsetMs();
        long startNanos = System.nanoTime() + (localStartMs - System.currentTimeMillis()) * 1_000_000;
        lanes.forEach(l -> l.begin(startNanos));
    }

    /** Completes when every lane delivered its last report; the lanes are then undeployed. */
    Future<Void> finished() {
        List<Future<Void>> all = new ArrayList<>();
        lanes.forEach(l -> all.add(l.finished()));
        return Future.all(all).compose(v -> {
            List<Future<Void>> undeployed = new ArrayList<>();
            deployments.forEach(id -> undeployed.add(vertx.undeploy(id)));
            return Future.all(undeployed);
        }).mapEmpty();
    }

    /**
     * A worker joined the run: the lanes give up the users asked for whose start is still at
     * least {@link #WITHDRAW_MARGIN_MS} ahead (closed model), or hold the new segment from its
     * instant (open model); the answer gathers what they gave and the latest instant they hold from.
     */
    Future<Rebalanced> rebalance(Rebalance message) {
        java.util.Set<Integer> withdraw = message.withdraw() == null ? java.util.Set.of() : new java.util.HashSet<>(message.withdraw());
        long notBefore = System.nanoTime() + WITHDRAW_MARGIN_MS * 1_000_000;
        int[] maxUsers = message.segment() == null ? null : Shares.even(message.segment().maxUsers(), laneCount);
        List<Future<Rebalanced>> answers = new ArrayList<>();
        for (int l = 0; l < lanes.size(); l++) {
            ArrivalSegment segment = maxUsers == null ? null : message.segment().forLane(l, laneCount, maxUsers[l]);
            answers.add(lanes.get(l).rebalance(withdraw, notBefore, segment, message.fromMs()));
        }
        return Future.all(answers).map(all -> {
            List<Integer> given = new ArrayList<>();
            long applied = message.fromMs();
            for (Future<Rebalanced> a : answers) {
                given.addAll(a.result().withdrawn());
                applied = Math.max(applied, a.result().appliedFromMs());
            }
            return new Rebalanced(io.stampede.wire.WireMessage.VERSION, message.runId(), message.sliceId(), given, applied);
        });
    }

    /** A user whose start is this close is not given up: it may start before the worker that joined does. */
    static final long WITHDRAW_MARGIN_MS = 1_000;

    void stop(boolean graceful) {
        stopped |= !graceful;
        lanes.forEach(l -> l.stopLoad(graceful));
    }

    int activeUsers() {
        return lanes.stream().mapToInt(Lane::activeUsers).sum();
    }

    long lagMs() {
        return lanes.stream().mapToLong(Lane::lagMs).max().orElse(0);
    }
}
