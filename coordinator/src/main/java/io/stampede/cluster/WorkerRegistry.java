package io.stampede.cluster;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stampede.bus.Bus;
import io.stampede.bus.Incoming;
import io.stampede.wire.Addresses;
import io.stampede.wire.WorkerHeartbeat;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * The workers the coordinator knows, from their heartbeats. A worker is lost when its
 * heartbeat is overdue by {@code lossAfterMs}, or by more when its heartbeats have lately come
 * far apart ({@link HeartbeatGaps}); listeners hear {@code joined} and {@code lost}.
 * Thread-safe for readers; heartbeats arrive on the coordinator's context.
 *
 * <p>Only authentic heartbeats count (the {@link Bus} drops the others), and a worker id
 * belongs to one node at a time: while the worker holding an id is up, a heartbeat with that
 * id from another node is refused and logged, and the first keeps working. A heartbeat no newer
 * than the last one of its node (a recorded one sent again) is ignored.
 */
public final class WorkerRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerRegistry.class);
    private static final long EXPIRE_EVERY_MS = 500;
    /** A check this much later than planned means the coordinator, not the workers, was stalled. */
    private static final long STALL_MS = 1_000;

    private final Vertx vertx;
    private final Bus bus;
    /** The send time of the newest heartbeat of each node. */
    private final Map<String, Long> lastSentMs = new ConcurrentHashMap<>();
    /** (worker id, node) pairs refused and logged already: logged once each. */
    private final Set<String> refusedLogged = ConcurrentHashMap.newKeySet();
    private final HeartbeatGaps gaps;
    private final Map<String, WorkerInfo> workers = new ConcurrentHashMap<>();
    private final List<BiConsumer<String, WorkerInfo>> listeners = new CopyOnWriteArrayList<>();
    private MessageConsumer<byte[]> consumer;
    private long timer;
    private long lastExpireMs;

    public WorkerRegistry(Vertx vertx, Bus bus, long lossAfterMs) {
        this.vertx = vertx;
        this.bus = bus;
        this.gaps = new HeartbeatGaps(lossAfterMs);
    }

    public Future<Void> start() {
        consumer = bus.listen(Addresses.WORKER_HEARTBEAT, WorkerHeartbeat.class, this::onHeartbeat);
        timer = vertx.setPeriodic(EXPIRE_EVERY_MS, id -> expire());
        return consumer.completion();
    }

    public Future<Void> stop() {
        vertx.cancelTimer(timer);
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }

    /** {@code listener(event, worker)} with event {@code joined} or {@code lost}. */
    public void onChange(BiConsumer<String, WorkerInfo> listener) {
        listeners.add(listener);
    }

    /** Workers whose heartbeat is current, in id order. */
    public List<WorkerInfo> available() {
        return workers.values().stream().filter(w -> w.state().equals("up"))
                .sorted(Comparator.comparing(WorkerInfo::workerId)).toList();
    }

    /** All workers seen, lost ones included, in id order. */
    public List<WorkerInfo> all() {
        return workers.values().stream().sorted(Comparator.comparing(WorkerInfo::workerId)).toList();
    }

    public boolean isUp(String workerId) {
        WorkerInfo w = workers.get(workerId);
        return w != null && w.state().equals("up");
    }

    /** The node of the worker that holds {@code workerId} now (or last did). */
    public String nodeOf(String workerId) {
        WorkerInfo w = workers.get(workerId);
        return w == null ? "unknown" : w.nodeId();
    }

    /** Takes a heartbeat and answers it (the worker says in its log when nobody does), or says why it is refused. */
    private void onHeartbeat(Incoming<WorkerHeartbeat> message) {
        WorkerHeartbeat hb = message.body();
        if (hb.workerId() == null || hb.nodeId() == null) {
            return;
        }
        Long last = lastSentMs.get(hb.nodeId());
        if (last != null && hb.sentAtMs() <= last) {
            return;
        }
        WorkerInfo before = workers.get(hb.workerId());
        if (before != null && before.state().equals("up") && !hb.nodeId().equals(before.nodeId())) {
            if (refusedLogged.size() < 1000 && refusedLogged.add(hb.workerId() + " " + hb.nodeId())) {
                LOG.warn("refusing worker {} on node {} ({}): that id is taken by the worker on node {} ({}), which keeps it;"
                        + " give every worker its own --id", hb.workerId(), hb.nodeId(), hb.host(), before.nodeId(), before.host());
            }
            message.fail("worker id " + hb.workerId() + " is taken by the worker on " + before.host()
                    + ", which keeps it: give every worker its own --id");
            return;
        }
        lastSentMs.put(hb.nodeId(), hb.sentAtMs());
        message.ack();
        long now = System.currentTimeMillis();
        WorkerInfo now2 = new WorkerInfo(hb.workerId(), hb.host(), hb.capacity(), hb.activeUsers(), hb.runs(),
                hb.eventLoopLagMs(), before == null ? now : before.firstSeenMs(), now, hb.version(), "up", hb.nodeId(), hb.cpu(),
                hb.replyBudget());
        workers.put(hb.workerId(), now2);
        if (before != null && before.state().equals("up")) {
            gaps.beat(hb.workerId(), now - before.lastHeartbeatMs());
        }
        if (before == null || !before.state().equals("up")) {
            LOG.info("worker {} joined ({}, capacity {})", hb.workerId(), hb.host(), hb.capacity());
            listeners.forEach(l -> l.accept("joined", now2));
        }
    }

    /** Marks a worker lost now (missed heartbeats, or the cluster said it left). */
    public void markLost(String workerId, String why) {
        WorkerInfo w = workers.get(workerId);
        if (w != null && w.state().equals("up")) {
            WorkerInfo lost = new WorkerInfo(w.workerId(), w.host(), w.capacity(), 0, List.of(), w.eventLoopLagMs(),
                    w.firstSeenMs(), w.lastHeartbeatMs(), w.version(), "lost", w.nodeId(), -1,
                    w.replyBudget());
            workers.put(workerId, lost);
            gaps.forget(workerId);
            LOG.warn("worker {} lost: {}", workerId, why);
            listeners.forEach(l -> l.accept("lost", lost));
        }
    }

    /** The cluster says member {@code nodeId} left: the worker on it is lost at once. */
    public void markNodeLeft(String nodeId) {
        workers.values().stream().filter(w -> nodeId.equals(w.nodeId())).map(WorkerInfo::workerId).toList()
                .forEach(id -> markLost(id, "its cluster member left"));
    }

    private void expire() {
        long now = System.currentTimeMillis();
        boolean stalled = lastExpireMs > 0 && now - lastExpireMs > EXPIRE_EVERY_MS + STALL_MS;
        lastExpireMs = now;
        if (stalled) {
            // This coordinator was itself held up (no core to run on, a long GC): the heartbeats
            // queued meanwhile are taken before anyone is judged silent.
            return;
        }
        for (WorkerInfo w : workers.values()) {
            if (w.state().equals("up") && now - w.lastHeartbeatMs() > gaps.lossAfterMs(w.workerId())) {
                markLost(w.workerId(), "no heartbeat for " + (now - w.lastHeartbeatMs()) + " ms");
            }
        }
    }
}
