package io.stampede.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stampede.protocol.ProtocolDriver;
import io.stampede.protocol.Protocols;
import io.stampede.protocol.http.HttpTransport;
import io.stampede.protocol.http.PlainRequests;
import io.stampede.recording.EventSampler;
import io.stampede.recording.LaneRecorder;
import io.stampede.scenario.Scenario;
import io.stampede.wire.Addresses;
import io.stampede.wire.IntervalReport;
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
 * A share of a slice's users on one event loop: their HTTP client and connection pool, their
 * recorder, and the timers that drive them. Everything of a lane runs on its own event loop,
 * so recording takes no lock. Once a second the lane reports its interval; when its last user
 * is done it sends a last report with its cumulative totals, resent until the coordinator acks.
 */
final class Lane extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(Lane.class);
    private static final long SWEEP_MS = 100;
    private static final int FINAL_REPORT_ATTEMPTS = 15;

    /** What a lane runs: global user indexes [userFrom, userTo) of the slice's plan. */
    record Setup(String runId, String sliceId, String sourceId, Scenario scenario, SlicePlan plan,
                 int userFrom, int userTo, long startNanos, long traceSeed) {
    }

    private final Setup setup;
    private final Promise<Void> finished = Promise.promise();
    private final List<VirtualUser> users = new ArrayList<>();
    private LaneRecorder recorder;
    private HttpClientAgent client;
    private ProtocolDriver driver;
    private long loadEndNanos = Long.MAX_VALUE;
    private int done;
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
        int userCount = setup.userTo() - setup.userFrom();
        recorder = new LaneRecorder(setup.runId(), setup.sliceId(), setup.sourceId(),
                new EventSampler(64, 32, setup.traceSeed() ^ setup.userFrom()));
        long timeoutMs = scenario.target().timeout().toMillis();
        client = vertx.createHttpClient(
                new HttpClientOptions()
                        .setProtocolVersion(HttpVersion.HTTP_1_1)
                        .setKeepAlive(true)
                        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs))
                        .setDecompressionSupported(true)
                        .setTrustAll(true)
                        .setVerifyHost(false),
                new PoolOptions().setHttp1MaxSize(Math.max(1, userCount)));
        HttpTransport transport = new HttpTransport(client, scenario.target());
        driver = Protocols.create(vertx, scenario.target(), transport);
        LaneContext lane = new LaneContext(vertx, setup.runId(), scenario, StepMeta.of(scenario, recorder),
                driver,
                new PlainRequests(transport, scenario.target().http().toolsPath()),
                recorder, new SplittableRandom(setup.traceSeed() * 31 + setup.userFrom()),
                plan.iterations(), TimeUnit.MILLISECONDS.toNanos(timeoutMs), setup.traceSeed());
        long rampNanos = TimeUnit.MILLISECONDS.toNanos(plan.rampUpMs());
        for (int i = setup.userFrom(); i < setup.userTo(); i++) {
            VirtualUser user = new VirtualUser(this, lane, i);
            users.add(user);
            // Offsets come from the global index, so all workers together ramp as one curve.
            user.scheduleStart(setup.startNanos() + rampNanos * i / plan.totalUsers());
        }
        if (plan.durationMs() >= 0) {
            long endNanos = setup.startNanos() + TimeUnit.MILLISECONDS.toNanos(plan.durationMs());
            loadEndNanos = endNanos;
            vertx.setTimer(Math.max(1, (endNanos - System.nanoTime()) / 1_000_000), id -> endLoad(plan.gracefulStopMs()));
        }
        scheduleReport();
        lastSweepNanos = System.nanoTime();
        sweepTimer = vertx.setPeriodic(SWEEP_MS, id -> sweep());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
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
        for (VirtualUser user : List.copyOf(users)) {
            if (!user.isActive() && !user.isDone()) {
                user.interrupt(); // never started: it will not
            }
        }
        if (!finishing) {
            vertx.setTimer(Math.max(1, graceMs), id -> interruptAll());
        }
    }

    private void interruptAll() {
        for (VirtualUser user : List.copyOf(users)) {
            user.interrupt();
        }
    }

    void userDone(VirtualUser user) {
        done++;
        if (done == users.size() && !finishing) {
            finishing = true;
            // Let the last completions of this tick land in the recorder before the final cut.
            context.runOnContext(v -> sendFinalReport());
        }
    }

    private void scheduleReport() {
        long delay = 1000 - System.currentTimeMillis() % 1000;
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
