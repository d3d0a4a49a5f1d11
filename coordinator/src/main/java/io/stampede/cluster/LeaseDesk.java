package io.stampede.cluster;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stampede.bus.Bus;
import io.stampede.bus.Incoming;
import io.stampede.wire.Addresses;
import io.stampede.wire.LeaseGrant;
import io.stampede.wire.LeaseRequest;
import io.stampede.wire.WireMessage;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * Grants workers their right to send load (the worker side is {@code engine.Lease}): a lease
 * of {@code leaseMs} per renewal, under an epoch per worker. Declaring a worker lost revokes its
 * epoch: its next renewal learns so and stops every slice held under it, and a lost worker that
 * comes back is given a new epoch, idle. The coordinator hands a lost worker's users to others
 * only once {@link #surelyExpiredInMs} is 0: the lease it last granted has run out even if the
 * worker asked for it the moment before the grant.
 *
 * <p>Thread-safe; requests are answered on the coordinator's context.
 */
public final class LeaseDesk {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseDesk.class);
    /** Clock rates of two machines differ by far less than this over a lease. */
    private static final long MARGIN_MS = 50;

    private final Bus bus;
    private final String coordinatorId;
    private final long leaseMs;
    private final Predicate<String> isUp;
    private final Map<String, Long> epochs = new ConcurrentHashMap<>();
    private final Map<String, Long> lastGrantNanos = new ConcurrentHashMap<>();
    private MessageConsumer<byte[]> consumer;

    /** @param isUp whether a worker is a member in good standing (its heartbeats are current) */
    public LeaseDesk(Bus bus, String coordinatorId, long leaseMs, Predicate<String> isUp) {
        this.bus = bus;
        this.coordinatorId = coordinatorId;
        this.leaseMs = leaseMs;
        this.isUp = isUp;
    }

    public Future<Void> start() {
        consumer = bus.listen(Addresses.coordinatorLease(coordinatorId), LeaseRequest.class, this::onRequest);
        return consumer.completion();
    }

    public Future<Void> stop() {
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }

    public long leaseMs() {
        return leaseMs;
    }

    /** The epoch slices sent to {@code workerId} now run under. */
    public long epoch(String workerId) {
        return epochs.computeIfAbsent(workerId, id -> 1L);
    }

    /** The worker was declared lost: its lease is revoked, whatever it asks for next. */
    public void revoke(String workerId) {
        long next = epochs.merge(workerId, 2L, (old, two) -> old + 1);
        LOG.info("worker {}: lease revoked, epoch now {}", workerId, next);
    }

    /** Milliseconds until the last lease granted to {@code workerId} has surely run out (0: it has). */
    public long surelyExpiredInMs(String workerId) {
        Long last = lastGrantNanos.get(workerId);
        if (last == null) {
            return 0;
        }
        long ends = last + (leaseMs + MARGIN_MS) * 1_000_000;
        return Math.max(0, (ends - System.nanoTime()) / 1_000_000 + 1);
    }

    private void onRequest(Incoming<LeaseRequest> message) {
        LeaseRequest request = message.body();
        String worker = request.workerId();
        long epoch = epoch(worker);
        boolean granted = isUp.test(worker);
        if (granted) {
            // Recorded before the answer leaves: the lease the worker derives from it can only end earlier.
            lastGrantNanos.put(worker, System.nanoTime());
        }
        String reason = granted ? null : "worker " + worker + " is not a member in good standing (lost, or not heard from yet)";
        message.reply(new LeaseGrant(WireMessage.VERSION, worker, epoch, leaseMs, granted, reason));
    }
}
