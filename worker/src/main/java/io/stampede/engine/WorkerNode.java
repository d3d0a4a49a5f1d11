package io.stampede.engine;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stampede.scenario.DataTable;
import io.stampede.scenario.InvalidScenarioException;
import io.stampede.scenario.Scenario;
import io.stampede.scenario.ScenarioLoader;
import io.stampede.scenario.ScenarioSource;
import io.stampede.wire.Addresses;
import io.stampede.wire.ClockPing;
import io.stampede.wire.CoordinatorBeat;
import io.stampede.wire.GoSlice;
import io.stampede.wire.ScenarioPayload;
import io.stampede.wire.SliceAccepted;
import io.stampede.wire.StartSlice;
import io.stampede.wire.StopRun;
import io.stampede.wire.WireCodec;
import io.stampede.wire.WireFormatException;
import io.stampede.wire.WireMessage;
import io.stampede.wire.WorkerHeartbeat;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * A worker on the event bus: accepts slices, runs them, heartbeats its capacity and load every
 * second, and stops a run's load when that run's coordinator falls silent, so a load generator
 * never runs away. Knows nothing of HTTP APIs or dashboards.
 */
public final class WorkerNode {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerNode.class);
    public static final String VERSION = "0.1.0";

    private final Vertx vertx;
    private final WorkerOptions options;
    private final String host;
    private final Map<String, SliceRun> slices = new ConcurrentHashMap<>();
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private long heartbeatTimer;

    private WorkerNode(Vertx vertx, WorkerOptions options) {
        this.vertx = vertx;
        this.options = options;
        this.host = hostName();
    }

    public static Future<WorkerNode> start(Vertx vertx, WorkerOptions options) {
        WorkerNode node = new WorkerNode(vertx, options);
        return node.register().map(node);
    }

    public String workerId() {
        return options.workerId();
    }

    private Future<Void> register() {
        consumers.add(vertx.eventBus().<byte[]>consumer(Addresses.workerStart(options.workerId()), this::onStart));
        consumers.add(vertx.eventBus().<byte[]>consumer(Addresses.workerGo(options.workerId()), this::onGo));
        consumers.add(vertx.eventBus().<byte[]>consumer(Addresses.workerStop(options.workerId()), this::onStop));
        consumers.add(vertx.eventBus().<byte[]>consumer(Addresses.COORDINATOR_BEAT, this::onCoordinatorBeat));
        consumers.add(vertx.eventBus().<byte[]>consumer(Addresses.workerClock(options.workerId()), this::onClockPing));
        heartbeatTimer = vertx.setPeriodic(0, 1000, id -> heartbeat());
        List<Future<Void>> ready = new ArrayList<>();
        consumers.forEach(c -> ready.add(c.completion()));
        return Future.all(ready).mapEmpty();
    }

    private void onStart(Message<byte[]> message) {
        StartSlice start;
        try {
            start = WireCodec.decode(message.body(), StartSlice.class);
        } catch (WireFormatException e) {
            message.fail(400, e.getMessage());
            return;
        }
        String key = start.runId() + "/" + start.sliceId();
        if (slices.containsKey(key)) {
            message.fail(409, "slice " + key + " is already running on " + options.workerId());
            return;
        }
        Scenario scenario;
        try {
            scenario = ScenarioLoader.load(sourceOf(start.scenario()));
        } catch (InvalidScenarioException e) {
            message.fail(400, "scenario does not load on worker " + options.workerId() + ": " + e.getMessage());
            return;
        }
        SliceRun slice = new SliceRun(vertx, start, scenario, options.lanes(), options.leanHttp());
        slices.put(key, slice);
        embeddedTarget(scenario)
                .compose(v -> slice.start(options.workerId()))
                .onSuccess(sources -> {
                    message.reply(WireCodec.encode(new SliceAccepted(WireMessage.VERSION, start.runId(), start.sliceId(),
                            options.workerId(), sources)));
                    slice.finished().onComplete(ar -> slices.remove(key));
                })
                .onFailure(failure -> {
                    slices.remove(key);
                    slice.stop(false);
                    message.fail(500, "worker " + options.workerId() + " cannot run the slice: " + failure.getMessage());
                });
    }

    private Future<Void> embeddedTarget(Scenario scenario) {
        String name = scenario.target().embedded();
        return name == null ? Future.succeededFuture()
                : options.embeddedTargets().ensureStarted(vertx, name, scenario.target().baseUrl());
    }

    private static ScenarioSource sourceOf(ScenarioPayload payload) {
        DataTable data = payload.dataColumns() == null || payload.dataColumns().isEmpty() ? null
                : new DataTable(payload.dataSource(), payload.dataColumns(), payload.dataRows());
        return new ScenarioSource(payload.text(), payload.origin(), null,
                payload.variables() == null ? Map.of() : payload.variables(), data);
    }

    private void onGo(Message<byte[]> message) {
        try {
            GoSlice go = WireCodec.decode(message.body(), GoSlice.class);
            SliceRun slice = slices.get(go.runId() + "/" + go.sliceId());
            if (slice == null) {
                message.fail(404, "no slice " + go.sliceId() + " of run " + go.runId() + " on " + options.workerId());
                return;
            }
            slice.go(go.startAtMs());
            message.reply(null);
        } catch (WireFormatException e) {
            message.fail(400, e.getMessage());
        }
    }

    private void onStop(Message<byte[]> message) {
        try {
            StopRun stop = WireCodec.decode(message.body(), StopRun.class);
            slices.values().stream().filter(s -> s.runId().equals(stop.runId())).forEach(s -> s.stop(stop.graceful()));
            message.reply(null);
        } catch (WireFormatException e) {
            message.fail(400, e.getMessage());
        }
    }

    private void onClockPing(Message<byte[]> message) {
        try {
            ClockPing ping = WireCodec.decode(message.body(), ClockPing.class);
            message.reply(WireCodec.encode(new ClockPing(WireMessage.VERSION, ping.coordinatorMs(), System.currentTimeMillis())));
        } catch (WireFormatException e) {
            message.fail(400, e.getMessage());
        }
    }

    private void onCoordinatorBeat(Message<byte[]> message) {
        try {
            CoordinatorBeat beat = WireCodec.decode(message.body(), CoordinatorBeat.class);
            long now = System.currentTimeMillis();
            slices.values().stream().filter(s -> s.coordinatorId().equals(beat.coordinatorId()))
                    .forEach(s -> s.coordinatorBeat(now));
        } catch (WireFormatException e) {
            LOG.debug("ignoring a malformed coordinator beat: {}", e.getMessage());
        }
    }

    private void heartbeat() {
        long now = System.currentTimeMillis();
        for (SliceRun slice : slices.values()) {
            if (now - slice.lastCoordinatorBeatMs() > options.coordinatorTimeoutMs()) {
                LOG.warn("run {}: coordinator {} silent for {} ms, stopping its load", slice.runId(), slice.coordinatorId(),
                        now - slice.lastCoordinatorBeatMs());
                slice.coordinatorBeat(Long.MAX_VALUE / 2); // stop once
                slice.stop(false);
            }
        }
        int active = slices.values().stream().mapToInt(SliceRun::activeUsers).sum();
        long lag = slices.values().stream().mapToLong(SliceRun::lagMs).max().orElse(0);
        List<String> runs = slices.values().stream().map(SliceRun::runId).distinct().toList();
        vertx.eventBus().publish(Addresses.WORKER_HEARTBEAT, WireCodec.encode(new WorkerHeartbeat(WireMessage.VERSION,
                options.workerId(), host, options.capacity(), active, runs, lag, now, VERSION, options.nodeId())));
    }

    /** Stops all load now and leaves the bus. */
    public Future<Void> close() {
        vertx.cancelTimer(heartbeatTimer);
        slices.values().forEach(s -> s.stop(false));
        List<Future<Void>> all = new ArrayList<>();
        consumers.forEach(c -> all.add(c.unregister()));
        return Future.join(all).mapEmpty();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
