package io.stampede.engine;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stampede.limits.ReplyBudget;
import io.stampede.bus.Bus;
import io.stampede.bus.BusReplyException;
import io.stampede.bus.Incoming;
import io.stampede.protocol.http.Http1Client;
import io.stampede.scenario.DataTable;
import io.stampede.scenario.InvalidScenarioException;
import io.stampede.scenario.Scenario;
import io.stampede.scenario.ScenarioLoader;
import io.stampede.scenario.ScenarioSource;
import io.stampede.wire.Addresses;
import io.stampede.wire.ClockPing;
import io.stampede.wire.GoSlice;
import io.stampede.wire.Rebalance;
import io.stampede.wire.ScenarioPayload;
import io.stampede.wire.SliceAccepted;
import io.stampede.wire.StartSlice;
import io.stampede.wire.StopRun;
import io.stampede.wire.WireMessage;
import io.stampede.wire.WorkerHeartbeat;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * A worker on the event bus: accepts slices, runs them, heartbeats its capacity and load every
 * second, renews its {@link Lease} with each coordinator it runs slices for, and stops a slice
 * whose lease was revoked or whose coordinator fell silent, so a load generator never runs away.
 * Knows nothing of HTTP APIs or dashboards.
 *
 * <p>A verticle on a worker thread, not an event loop: heartbeats, renewals and the watchdog
 * never wait behind a busy lane, so a lane at full load does not make its worker look lost.
 */
public final class WorkerNode extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerNode.class);
    public static final String VERSION = "0.1.0";
    private static final long RENEW_EVERY_MS = 500;
    private static final long HEARTBEAT_ANSWER_MS = 2_000;
    private static final long RENEW_TIMEOUT_MS = 1_000;
    private static final int MAX_REMEMBERED_SLICES = 10_000;

    private final WorkerOptions options;
    private final String host;
    /** The bytes of replies all this worker's users keep together (see ReplyBudget), advertised in heartbeats. */
    private final ReplyBudget replies;
    private final Map<String, SliceRun> slices = new ConcurrentHashMap<>();
    /** Slices ever accepted (the most recent ones): a recorded StartSlice sent again must not start load again. */
    private final Set<String> accepted = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_REMEMBERED_SLICES;
        }
    });
    private Bus bus;
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private Leases leases;
    private CoordinatorContact contact;
    private String deploymentId;

    private WorkerNode(WorkerOptions options) {
        this.options = options;
        this.host = hostName();
        this.replies = ReplyBudget.of(options.replyBudgetBytes());
    }

    /** The bytes of replies all this worker's users may keep at once (its reply budget). */
    public long replyBudgetBytes() {
        return replies.totalBytes();
    }

    /** The budget itself: what is free of it (tests). */
    ReplyBudget replyBudget() {
        return replies;
    }

    public static Future<WorkerNode> start(Vertx vertx, WorkerOptions options) {
        WorkerNode node = new WorkerNode(options);
        Future<Void> rehearsed = options.rehearse() ? Rehearsal.run(vertx, options.lanes()) : Future.succeededFuture();
        return rehearsed.compose(v -> vertx.deployVerticle(node, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)))
                .map(id -> {
                    node.deploymentId = id;
                    return node;
                });
    }

    public String workerId() {
        return options.workerId();
    }

    /** True when no slice of this worker may send load now (none, or every one stopped or without a lease). */
    public boolean isIdle() {
        long now = System.nanoTime();
        return slices.values().stream().allMatch(s -> s.isStopped() || !s.lease().allows(s.epoch(), now));
    }

    /** The node named in this worker's bus addresses. */
    public String nodeId() {
        return options.nodeId();
    }

    /** Stops all load now and leaves the bus. */
    public Future<Void> close() {
        return deploymentId == null ? Future.succeededFuture() : vertx.undeploy(deploymentId);
    }

    @Override
    public Future<?> start() {
        return Bus.start(vertx, options.clusterSecret()).compose(b -> {
            bus = b;
            leases = new Leases(bus, options.workerId());
            contact = new CoordinatorContact(options.workerId(), System.currentTimeMillis());
            String id = options.workerId();
            String node = options.nodeId();
            consumers.add(bus.listen(Addresses.workerStart(id, node), StartSlice.class, this::onStart));
            consumers.add(bus.listen(Addresses.workerGo(id, node), GoSlice.class, this::onGo));
            consumers.add(bus.listen(Addresses.workerStop(id, node), StopRun.class, this::onStop));
            consumers.add(bus.listen(Addresses.workerRebalance(id, node), Rebalance.class, this::onRebalance));
            consumers.add(bus.listen(Addresses.workerClock(id, node), ClockPing.class, this::onClockPing));
            vertx.setPeriodic(0, 1000, t -> heartbeat());
            vertx.setPeriodic(RENEW_EVERY_MS, t -> renewAndWatch());
            List<Future<Void>> ready = new ArrayList<>();
            consumers.forEach(c -> ready.add(c.completion()));
            return Future.all(ready);
        });
    }

    @Override
    public Future<?> stop() {
        slices.values().forEach(s -> s.stop(false));
        List<Future<Void>> all = new ArrayList<>();
        consumers.forEach(c -> all.add(c.unregister()));
        if (bus != null) {
            all.add(bus.close());
        }
        return Future.join(all);
    }

    private void onStart(Incoming<StartSlice> message) {
        StartSlice start = message.body();
        String key = start.runId() + "/" + start.sliceId();
        if (slices.containsKey(key)) {
            message.fail("slice " + key + " is already running on " + options.workerId());
            return;
        }
        if (!accepted.add(key)) {
            message.fail("slice " + key + " already ran on " + options.workerId() + ": a slice starts once");
            return;
        }
        Scenario scenario;
        try {
            scenario = ScenarioLoader.load(sourceOf(start.scenario()));
        } catch (InvalidScenarioException e) {
            message.fail("scenario does not load on worker " + options.workerId() + ": " + e.getMessage());
            return;
        }
        String unbindable = Http1Client.unbindable(scenario.target().sourceAddresses());
        if (unbindable != null) {
            accepted.remove(key);
            message.fail("worker " + options.workerId() + " cannot run the slice: " + unbindable);
            return;
        }
        Lease lease = leases.of(start.coordinatorId());
        SliceRun slice = new SliceRun(vertx, bus, start, scenario, options.lanes(), options.leanHttp(), lease,
                replies);
        slices.put(key, slice);
        embeddedTarget(scenario)
                .compose(v -> slice.start(options.workerId()))
                // The first renewal before the slice is accepted: it must hold a lease before it goes.
                .compose(sources -> leases.renew(start.coordinatorId(), RENEW_TIMEOUT_MS).compose(grant -> grant.granted()
                        && grant.epoch() == start.epoch() ? Future.succeededFuture(sources)
                        : Future.failedFuture("no lease for epoch " + start.epoch() + " (" + grant.reason() + ")")))
                .onSuccess(sources -> {
                    message.reply(new SliceAccepted(WireMessage.VERSION, start.runId(), start.sliceId(), options.workerId(), sources));
                    slice.finished().onComplete(ar -> slices.remove(key));
                })
                .onFailure(failure -> {
                    slices.remove(key);
                    accepted.remove(key); // it never ran: the coordinator may start it again (e.g. under a new epoch)
                    slice.stop(false);
                    message.fail("worker " + options.workerId() + " cannot run the slice: " + failure.getMessage());
                });
    }

    private Future<Void> embeddedTarget(Scenario scenario) {
        String name = scenario.target().embedded();
        return name == null ? Future.succeededFuture()
                : options.embeddedTargets().ensureStarted(vertx, name, scenario.target().baseUrl());
    }

    private static ScenarioSource sourceOf(ScenarioPayload payload) {
        // Never null: a worker reads no data file; CSV rows come with the payload, conversations from the coordinator.
        DataTable data = payload.dataColumns() == null || payload.dataColumns().isEmpty() ? DataTable.EMPTY
                : new DataTable(payload.dataSource(), payload.dataColumns(), payload.dataRows());
        return new ScenarioSource(payload.text(), payload.origin(), null,
                payload.variables() == null ? Map.of() : payload.variables(), data);
    }

    private void onGo(Incoming<GoSlice> message) {
        GoSlice go = message.body();
        SliceRun slice = slices.get(go.runId() + "/" + go.sliceId());
        if (slice == null) {
            message.fail("no slice " + go.sliceId() + " of run " + go.runId() + " on " + options.workerId());
            return;
        }
        slice.go(go.startAtMs());
        message.ack();
    }

    private void onRebalance(Incoming<Rebalance> message) {
        Rebalance rebalance = message.body();
        SliceRun slice = slices.get(rebalance.runId() + "/" + rebalance.sliceId());
        if (slice == null || slice.isStopped()) {
            message.fail("no running slice " + rebalance.sliceId() + " of run " + rebalance.runId() + " on " + options.workerId());
            return;
        }
        slice.rebalance(rebalance).onComplete(done -> {
            if (done.succeeded()) {
                message.reply(done.result());
            } else {
                message.fail(done.cause().getMessage());
            }
        });
    }

    private void onStop(Incoming<StopRun> message) {
        StopRun stop = message.body();
        slices.values().stream().filter(s -> s.runId().equals(stop.runId())).forEach(s -> s.stop(stop.graceful()));
        message.ack();
    }

    private void onClockPing(Incoming<ClockPing> message) {
        message.reply(new ClockPing(WireMessage.VERSION, message.body().coordinatorMs(), System.currentTimeMillis()));
    }

    /**
     * Twice a second: renews the lease of every coordinator this worker runs slices for, and
     * stops the slices whose lease was revoked (fenced: they send nothing more) or whose
     * coordinator has not answered for the coordinator timeout (gone: the load must not run away).
     */
    private void renewAndWatch() {
        long now = System.nanoTime();
        slices.values().stream().map(SliceRun::coordinatorId).distinct()
                .forEach(c -> leases.renew(c, RENEW_TIMEOUT_MS).onFailure(e -> LOG.debug("{}", e.getMessage())));
        for (SliceRun slice : slices.values()) {
            if (slice.isStopped()) {
                continue;
            }
            if (slice.lease().revoked(slice.epoch())) {
                LOG.warn("run {}: lease {} revoked by coordinator {}: stopping the slice, nothing more is sent", slice.runId(),
                        slice.epoch(), slice.coordinatorId());
                slice.stop(false);
            } else {
                long silent = leases.silentMs(slice.coordinatorId(), slice.createdAtNanos(), now);
                if (silent > options.coordinatorTimeoutMs()) {
                    LOG.warn("run {}: coordinator {} silent for {} ms, stopping its load", slice.runId(), slice.coordinatorId(),
                            silent);
                    slice.stop(false);
                }
            }
        }
    }

    private void heartbeat() {
        long now = System.currentTimeMillis();
        int active = slices.values().stream().mapToInt(SliceRun::activeUsers).sum();
        long lag = slices.values().stream().mapToLong(SliceRun::lagMs).max().orElse(0);
        List<String> runs = slices.values().stream().map(SliceRun::runId).distinct().toList();
        WorkerHeartbeat beat = new WorkerHeartbeat(WireMessage.VERSION,
                options.workerId(), host, options.capacity(), active, runs, lag, now, VERSION, options.nodeId(), ProcessCpu.load(),
                replies.totalBytes());
        bus.requestAck(Addresses.WORKER_HEARTBEAT, beat, HEARTBEAT_ANSWER_MS)
                .onSuccess(v -> contact.answered(System.currentTimeMillis()))
                .onFailure(e -> contact.unanswered(System.currentTimeMillis(), BusReplyException.isNoAnswer(e) ? null : e.getMessage()));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
