package io.stampede.engine;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.stampede.bus.Bus;
import io.stampede.bus.Incoming;
import io.stampede.load.LoadProfile;
import io.stampede.scenario.Load;
import io.stampede.scenario.Scenario;
import io.stampede.wire.Addresses;
import io.stampede.wire.GoSlice;
import io.stampede.wire.LeaseGrant;
import io.stampede.wire.LeaseRequest;
import io.stampede.wire.IntervalReport;
import io.stampede.wire.ReportAck;
import io.stampede.wire.ScenarioPayload;
import io.stampede.wire.SliceAccepted;
import io.stampede.wire.SlicePlan;
import io.stampede.wire.StartSlice;
import io.stampede.wire.WireMessage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * Plays the coordinator's part towards one real {@link WorkerNode}, over the event bus and in
 * the wire format, as {@code RunExecution} does: sends a {@link StartSlice} with the whole
 * user range, grants the worker's leases (until {@link #stopBeating}), collects the run's
 * {@link IntervalReport}s and acks each lane's last one. A run completes when every lane the
 * worker named has delivered its last report.
 */
final class SliceDriver {
    static final String COORDINATOR_ID = "c-test";
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final Vertx vertx;
    private final WorkerNode worker;
    private MessageConsumer<byte[]> leaseDesk;
    private Bus bus;
    private volatile long epoch = 1;
    private volatile long leaseMs = 3_000;
    /** How far ahead of the StartSlice the start instant lies unless a test says otherwise. */
    static final long DEFAULT_START_DELAY_MS = 300;

    private long startDelayMs = DEFAULT_START_DELAY_MS;
    private volatile long beatsStoppedAtMs;

    private SliceDriver(Vertx vertx, WorkerNode worker) {
        this.vertx = vertx;
        this.worker = worker;
    }

    /** A worker with two lanes (so users are split over event loops) and a coordinator that grants leases. */
    static Future<SliceDriver> start(Vertx vertx) {
        return start(vertx, new WorkerOptions().lanes(2));
    }

    static Future<SliceDriver> start(Vertx vertx, WorkerOptions options) {
        return WorkerNode.start(vertx, options).compose(worker -> Bus.start(vertx, options.clusterSecret()).compose(bus -> {
            SliceDriver driver = new SliceDriver(vertx, worker);
            driver.bus = bus;
            driver.leaseDesk = bus.listen(Addresses.coordinatorLease(COORDINATOR_ID), LeaseRequest.class, message ->
                    message.reply(new LeaseGrant(WireMessage.VERSION, message.body().workerId(), driver.epoch, driver.leaseMs, true, null)));
            return driver.leaseDesk.completion().map(driver);
        }));
    }

    /**
     * How far ahead of the StartSlice the common start instant lies (default 300 ms). Timing
     * tests give the worker more, as the coordinator does, so a cold JVM deploying its first
     * lanes does not make the first users late.
     */
    SliceDriver startDelayMs(long ms) {
        this.startDelayMs = ms;
        return this;
    }

    /** The coordinator's side of the sealed bus. */
    Bus bus() {
        return bus;
    }

    WorkerNode worker() {
        return worker;
    }

    /** The coordinator falls silent: no lease is renewed any more. */
    void stopBeating() {
        leaseDesk.unregister();
        beatsStoppedAtMs = System.currentTimeMillis();
    }

    /** Leases granted from now on last this long. */
    SliceDriver leaseMs(long ms) {
        this.leaseMs = ms;
        return this;
    }

    /** The coordinator declares the worker lost: its current lease is revoked at the next renewal. */
    void revokeLease() {
        epoch++;
    }

    long beatsStoppedAtMs() {
        return beatsStoppedAtMs;
    }

    static String newRunId() {
        return "run-" + RUNS.incrementAndGet();
    }

    /** Runs the scenario's load (users, ramp-up, duration, iterations as written) from the start delay on. */
    Future<SliceResult> run(Scenario scenario) {
        return run(newRunId(), scenario);
    }

    Future<SliceResult> run(String runId, Scenario scenario) {
        Load load = scenario.load();
        long durationMs = load.duration() == null ? -1 : load.duration().toMillis();
        SlicePlan plan = SlicePlan.range(LoadProfile.closed(load.users(), load.rampUp().toMillis(), durationMs,
                load.iterations(), load.gracefulStop().toMillis()), 0, load.users());
        return run(runId, scenario, plan);
    }

    /** Runs {@code plan} from the start delay on. */
    Future<SliceResult> run(String runId, Scenario scenario, SlicePlan plan) {
        long startAtMs = System.currentTimeMillis() + startDelayMs;
        StartSlice start = new StartSlice(WireMessage.VERSION, runId, "s0", COORDINATOR_ID, epoch, payload(scenario), plan);
        Collector collector = new Collector(plan, startAtMs);
        MessageConsumer<byte[]> reports = bus.listen(Addresses.runReports(runId), IntervalReport.class, collector::onReport);
        return reports.completion()
                .compose(v -> bus.request(Addresses.workerStart(worker.workerId(), worker.nodeId()), start, SliceAccepted.class, 30_000))
                .compose(accepted -> {
                    collector.accepted(accepted);
                    // Prepared: now the start instant, as the coordinator sends it.
                    GoSlice go = new GoSlice(WireMessage.VERSION, runId, "s0", startAtMs);
                    return bus.requestAck(Addresses.workerGo(worker.workerId(), worker.nodeId()), go, 30_000);
                })
                .compose(ok -> collector.done.future())
                .eventually(reports::unregister);
    }

    /** The scenario as the coordinator ships it: text, the environment values it used, CSV rows. */
    static ScenarioPayload payload(Scenario scenario) {
        return new ScenarioPayload(scenario.source(), scenario.name(), scenario.variables(),
                scenario.data().source(), scenario.data().columns(), scenario.data().rows());
    }

    /** Gathers one run's reports; thread-safe enough for one consumer plus the start reply. */
    private static final class Collector {
        final SlicePlan plan;
        final long startAtMs;
        final Promise<SliceResult> done = Promise.promise();
        final List<SliceResult.Received> received = new CopyOnWriteArrayList<>();
        final Set<String> finished = new HashSet<>();
        List<String> sources;

        Collector(SlicePlan plan, long startAtMs) {
            this.plan = plan;
            this.startAtMs = startAtMs;
        }

        synchronized void onReport(Incoming<IntervalReport> message) {
            IntervalReport report = message.body();
            received.add(new SliceResult.Received(System.currentTimeMillis(), report));
            if (report.last()) {
                message.reply(new ReportAck(WireMessage.VERSION, report.runId(), report.sourceId(), report.seq()));
                finished.add(report.sourceId());
                completeIfDone();
            }
        }

        synchronized void accepted(SliceAccepted accepted) {
            sources = accepted.sources();
            completeIfDone();
        }

        private void completeIfDone() {
            if (sources != null && finished.containsAll(sources)) {
                done.tryComplete(new SliceResult(plan, startAtMs, sources, List.copyOf(received)));
            }
        }
    }
}
