package io.stampede.engine;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stampede.protocol.ProtocolDriver;
import io.stampede.metrics.Counters;
import io.stampede.protocol.Protocols;
import io.stampede.protocol.http.Endpoint;
import io.stampede.protocol.http.Http1Client;
import io.stampede.protocol.http.HttpTransport;
import io.stampede.protocol.http.PlainRequests;
import io.stampede.recording.EventSampler;
import io.stampede.recording.LaneRecorder;
import io.stampede.scenario.Scenario;
import io.stampede.wire.Addresses;
import io.stampede.wire.IntervalReport;
import io.stampede.wire.LoadShape;
import io.stampede.wire.SlicePlan;
import io.stampede.wire.WireCodec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;

/**
 * A share of a slice's users on one event loop: their HTTP clients (the lean one, where each
 * user owns its connection for plain and streamed exchanges, and a pooled Vert.x one for
 * absolute URLs, or for everything with {@code -Dstampede.http.client=vertx}), their recorder, and the
 * timers that drive them. Everything of a lane runs on its own event loop,
 * so recording takes no lock. Once a second the lane reports its interval; when its last user
 * is done it sends a last report with its cumulative totals, resent until the coordinator acks.
 */
final class Lane extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(Lane.class);
    private static final long SWEEP_MS = 100;
    private static final int FINAL_REPORT_ATTEMPTS = 15;

    /** What a lane runs: the plan's users number {@code first} (inclusive) to {@code last} (exclusive). */
    record Setup(String runId, String sliceId, String sourceId, Scenario scenario, SlicePlan plan,
                 int first, int last, long traceSeed, LoadShape shape, boolean leanHttp) {
    }

    private final Setup setup;
    private final Promise<Void> finished = Promise.promise();
    /** Users scheduled or running; a user leaves when it is done. */
    private final Set<VirtualUser> users = new LinkedHashSet<>();
    private LaneContext lane;
    /** The run's start on this machine's System.nanoTime, set by {@link #begin}. */
    private long startNanos;
    private boolean begun;
    /** False once no user will start any more: the lane ends when {@link #users} is empty. */
    private boolean moreToCome = true;
    private VirtualUser[] staged;
    private ArrivalSchedule arrivals;
    private ArrivalSchedule.Arrival nextArrival;
    private long arrivalTimer = -1;
    private long stageTimer = -1;
    private LaneRecorder recorder;
    private HttpClientAgent client;
    private HttpTransport transport;
    private ProtocolDriver driver;
    private long loadEndNanos = Long.MAX_VALUE;
    private boolean finishing;
    private long reportTimer = -1;
    private long sweepTimer = -1;
    private long lastSweepNanos;
    private volatile long lagMs;
    private volatile int activeUsers;

    Lane(Setup setup) {
        this.setup = setup;
    }

    /** Completes after the last report was acked (or given up on). */
    Future<Void> finished() {
        return finished.future();
    }

    long lagMs() {
        return lagMs;
    }

    int activeUsers() {
        return activeUsers;
    }

    @Override
    public Future<?> start() {
        Scenario scenario = setup.scenario();
        SlicePlan plan = setup.plan();
        LoadShape shape = setup.shape();
        int poolSize = shape != null && shape.open() ? shape.maxUsers() : setup.last() - setup.first();
        recorder = new LaneRecorder(setup.runId(), setup.sliceId(), setup.sourceId(),
                new EventSampler(64, 32, setup.traceSeed() ^ setup.first()), plan.clockOffsetMs());
        long timeoutMs = scenario.target().timeout().toMillis();
        client = vertx.createHttpClient(
                new HttpClientOptions()
                        .setProtocolVersion(HttpVersion.HTTP_1_1)
                        .setKeepAlive(true)
                        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs))
                        .setDecompressionSupported(false)
                        .setTrustAll(true)
                        .setVerifyHost(false),
                new PoolOptions().setHttp1MaxSize(Math.max(1, poolSize)));
        Http1Client lean = setup.leanHttp() ? new Http1Client(context, Endpoint.parse(scenario.target().baseUrl()),
                scenario.target().headers(), timeoutMs) : null;
        transport = new HttpTransport(client, lean, scenario.target());
        driver = Protocols.create(vertx, scenario.target(), transport);
        lane = new LaneContext(vertx, setup.runId(), scenario, StepMeta.of(scenario, recorder),
                driver,
                new PlainRequests(transport, scenario.target().http().toolsPath()),
                recorder, new SplittableRandom(setup.traceSeed() * 31 + setup.first()),
                plan.iterations(), TimeUnit.MILLISECONDS.toNanos(timeoutMs), setup.traceSeed());
        return Future.succeededFuture();
    }

    /** From any thread: the run starts at {@code startNanos}; schedules the users and the reports. */
    void begin(long startNanos) {
        context.runOnContext(v -> {
            if (!begun && !finishing) {
                begun = true;
                this.startNanos = startNanos;
                schedule();
            }
        });
    }

    private void schedule() {
        SlicePlan plan = setup.plan();
        LoadShape shape = setup.shape();
        recorder.restartInterval();
        if (plan.durationMs() >= 0) {
            long endNanos = startNanos + TimeUnit.MILLISECONDS.toNanos(plan.durationMs());
            loadEndNanos = endNanos;
            vertx.setTimer(Math.max(1, (endNanos - System.nanoTime()) / 1_000_000), id -> endLoad(plan.gracefulStopMs()));
        }
        if (shape == null) {
            startUsers();
        } else if (shape.open()) {
            startArrivals(shape);
        } else {
            staged = new VirtualUser[setup.last() - setup.first()];
            followStages(shape);
        }
        scheduleReport();
        lastSweepNanos = System.nanoTime();
        sweepTimer = vertx.setPeriodic(SWEEP_MS, id -> sweep());
    }

    /** Closed model: every user of the lane, each at its place on the ramp. */
    private void startUsers() {
        SlicePlan plan = setup.plan();
        long rampNanos = TimeUnit.MILLISECONDS.toNanos(plan.rampUpMs());
        for (int k = setup.first(); k < setup.last(); k++) {
            int id = plan.userAt(k);
            VirtualUser user = new VirtualUser(this, lane, id, plan.doneAt(k));
            users.add(user);
            // Offsets come from the global index, so all workers together ramp as one curve; a
            // user taken over from a lost worker whose time has passed starts at once.
            user.scheduleStart(startNanos + rampNanos * id / plan.totalUsers());
        }
        moreToCome = false;
    }

    /**
     * Closed model with stages: user {@code i} runs while the global target is above {@code i};
     * when the target falls below, the user ends after its conversation (graceful ramp-down).
     * Checked every sweep, so users start within 100 ms of their moment.
     */
    private void followStages(LoadShape shape) {
        long now = System.nanoTime();
        if (loadEnded()) {
            moreToCome = false;
            maybeFinish();
            return;
        }
        long ms = (now - startNanos) / 1_000_000;
        if (ms >= 0) {
            int target = (int) Math.floor(shape.targetAt(ms) + 1e-9);
            SlicePlan plan = setup.plan();
            for (int k = setup.first(); k < setup.last(); k++) {
                int id = plan.userAt(k);
                VirtualUser user = staged[k - setup.first()];
                if (id < target) {
                    if (user == null || user.isDone()) {
                        user = new VirtualUser(this, lane, id, user == null ? plan.doneAt(k) : user.completed());
                        staged[k - setup.first()] = user;
                        users.add(user);
                        user.startNow(now);
                    } else {
                        user.retire(false);
                    }
                } else if (user != null && !user.isDone()) {
                    user.retire(true);
                }
            }
        }
        stageTimer = vertx.setTimer(SWEEP_MS, id -> followStages(shape));
    }

    /**
     * Open model: a new user per arrival of this lane's segment, each running one conversation,
     * its latency counted from the arrival's intended time. An arrival over {@code max_users} is
     * dropped; one that starts over {@link Counters#LATE_MS} after its time is late.
     */
    private void startArrivals(LoadShape shape) {
        arrivals = new ArrivalSchedule(shape);
        // Taking over from a lost worker: its arrivals before now are not ours to replay.
        double skipBeforeMs = (System.nanoTime() - startNanos) / 1e6;
        nextArrival = arrivals.next();
        while (nextArrival != null && nextArrival.atMs() < skipBeforeMs) {
            nextArrival = arrivals.next();
        }
        armArrivals();
    }

    private void armArrivals() {
        if (nextArrival == null || loadEnded()) {
            moreToCome = false;
            maybeFinish();
            return;
        }
        long due = startNanos + (long) (nextArrival.atMs() * 1e6);
        long delayMs = (due - System.nanoTime()) / 1_000_000;
        arrivalTimer = vertx.setTimer(Math.max(1, delayMs), id -> releaseArrivals());
    }

    private void releaseArrivals() {
        long now = System.nanoTime();
        while (nextArrival != null && startNanos + (long) (nextArrival.atMs() * 1e6) <= now + 500_000) {
            arrive(nextArrival, now);
            nextArrival = arrivals.next();
        }
        armArrivals();
    }

    private void arrive(ArrivalSchedule.Arrival arrival, long now) {
        long due = startNanos + (long) (arrival.atMs() * 1e6);
        Counters counters = recorder.counters();
        if (users.size() >= setup.shape().maxUsers()) {
            counters.arrivalsDropped++;
            return;
        }
        if (now - due > TimeUnit.MILLISECONDS.toNanos(Counters.LATE_MS)) {
            counters.arrivalsLate++;
        }
        VirtualUser user = new VirtualUser(this, lane, (int) arrival.index(), 0);
        users.add(user);
        user.startNow(due);
    }

    @Override
    public Future<?> stop() {
        if (transport != null) {
            transport.close(); // the users' own connections, if any is still open
        }
        Future<Void> drivers = driver == null ? Future.succeededFuture() : driver.close();
        return client == null ? drivers : Future.join(drivers, client.close());
    }

    /** True once no conversation may start any more. */
    boolean loadEnded() {
        return System.nanoTime() - loadEndNanos >= 0;
    }

    /** From any thread: ends the load; graceful lets conversations in flight finish within the graceful stop. */
    void stopLoad(boolean graceful) {
        context.runOnContext(v -> {
            if (!begun) {
                begun = true; // stopped before it began: it never will
                moreToCome = false;
                maybeFinish();
                return;
            }
            if (graceful) {
                loadEndNanos = System.nanoTime();
                endLoad(setup.plan().gracefulStopMs());
            } else {
                interruptAll();
            }
        });
    }

    /** No conversation starts from now; what is in flight gets {@code graceMs} to finish. */
    private void endLoad(long graceMs) {
        loadEndNanos = Math.min(loadEndNanos, System.nanoTime());
        if (setup.shape() != null) {
            moreToCome = false;
            vertx.cancelTimer(arrivalTimer);
            vertx.cancelTimer(stageTimer);
        }
        for (VirtualUser user : List.copyOf(users)) {
            if (!user.isActive() && !user.isDone()) {
                user.interrupt(); // never started: it will not
            }
        }
        if (!finishing) {
            vertx.setTimer(Math.max(1, graceMs), id -> interruptAll());
        }
        maybeFinish();
    }

    private void interruptAll() {
        moreToCome = false;
        vertx.cancelTimer(arrivalTimer);
        vertx.cancelTimer(stageTimer);
        for (VirtualUser user : List.copyOf(users)) {
            user.interrupt();
        }
        maybeFinish();
    }

    void userDone(VirtualUser user) {
        users.remove(user);
        maybeFinish();
    }

    private void maybeFinish() {
        if (!moreToCome && users.isEmpty() && !finishing) {
            finishing = true;
            // Let the last completions of this tick land in the recorder before the final cut.
            context.runOnContext(v -> sendFinalReport());
        }
    }

    /** Cuts on whole seconds of the run (start + k s), the same instants on every lane and worker. */
    private void scheduleReport() {
        long sinceStart = System.nanoTime() - startNanos;
        long next = startNanos + 1_000_000_000L * Math.max(1, Math.floorDiv(sinceStart, 1_000_000_000L) + 1);
        long delay = (next - System.nanoTime()) / 1_000_000;
        reportTimer = vertx.setTimer(Math.max(1, delay), id -> {
            if (finishing) {
                return;
            }
            send(recorder.cut(countActive(), false));
            scheduleReport();
        });
    }

    private int countActive() {
        int active = 0;
        for (VirtualUser user : users) {
            if (user.isActive()) {
                active++;
            }
        }
        activeUsers = active;
        return active;
    }

    private void sweep() {
        long now = System.nanoTime();
        long late = (now - lastSweepNanos) / 1_000_000 - SWEEP_MS;
        lastSweepNanos = now;
        lagMs = Math.max(0, late);
        for (VirtualUser user : users) {
            user.checkTimeout(now);
        }
    }

    private void send(IntervalReport report) {
        vertx.eventBus().send(Addresses.runReports(setup.runId()), WireCodec.encode(report));
    }

    private void sendFinalReport() {
        vertx.cancelTimer(reportTimer);
        vertx.cancelTimer(sweepTimer);
        activeUsers = 0;
        byte[] bytes = WireCodec.encode(recorder.cut(0, true));
        sendFinal(bytes, 1);
    }

    /** The last report carries the totals: resend until acked, so the summary never misses a lane. */
    private void sendFinal(byte[] bytes, int attempt) {
        vertx.eventBus().request(Addresses.runReports(setup.runId()), bytes, new DeliveryOptions().setSendTimeout(2000))
                .onSuccess(ack -> finished.tryComplete())
                .onFailure(failure -> {
                    if (attempt >= FINAL_REPORT_ATTEMPTS) {
                        LOG.warn("run {}: last report of {} not acknowledged after {} attempts: {}", setup.runId(),
                                setup.sourceId(), attempt, failure.getMessage());
                        finished.tryComplete();
                    } else {
                        vertx.setTimer(500, id -> sendFinal(bytes, attempt + 1));
                    }
                });
    }
}
