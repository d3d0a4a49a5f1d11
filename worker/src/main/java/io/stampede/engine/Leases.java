package io.stampede.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stampede.bus.Bus;
import io.stampede.wire.Addresses;
import io.stampede.wire.LeaseGrant;
import io.stampede.wire.LeaseRequest;
import io.stampede.wire.WireFormatException;
import io.stampede.wire.WireMessage;
import io.vertx.core.Future;


/**
 * This worker's {@link Lease}s, one per coordinator it runs slices for, and their renewal:
 * a {@link LeaseRequest} stamped with the monotonic time it was sent, the lease running from
 * that stamp. Also tells how long a coordinator has been silent (no grant), which the worker's
 * watchdog uses to stop the load of a coordinator that is gone. On the worker's control context.
 */
final class Leases {
    private static final Logger LOG = LoggerFactory.getLogger(Leases.class);

    private final Bus bus;
    private final String workerId;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();
    private final Map<String, Long> lastGrantNanos = new ConcurrentHashMap<>();

    Leases(Bus bus, String workerId) {
        this.bus = bus;
        this.workerId = workerId;
    }

    Lease of(String coordinatorId) {
        return leases.computeIfAbsent(coordinatorId, id -> new Lease());
    }

    /** Asks {@code coordinatorId} to renew; completes when it answered, failed when it did not in time. */
    Future<LeaseGrant> renew(String coordinatorId, long timeoutMs) {
        Lease lease = of(coordinatorId);
        long askedAt = System.nanoTime();
        LeaseRequest request = new LeaseRequest(WireMessage.VERSION, workerId, lease.epoch());
        return bus.request(Addresses.coordinatorLease(coordinatorId), request, LeaseGrant.class, timeoutMs)
                .map(grant -> {
                    lastGrantNanos.put(coordinatorId, System.nanoTime());
                    if (lease.epoch() != 0 && grant.epoch() != lease.epoch()) {
                        LOG.warn("coordinator {} revoked lease {} of worker {} (now {}): its slices stop", coordinatorId,
                                lease.epoch(), workerId, grant.epoch());
                    }
                    // A refusal still says which epoch is current: an older one is revoked either way.
                    lease.granted(grant.epoch(), askedAt, grant.granted() ? grant.leaseMs() : 0);
                    return grant;
                })
                .recover(e -> Future.failedFuture(e instanceof WireFormatException ? e
                        : new IllegalStateException("coordinator " + coordinatorId + " did not renew the lease: " + e.getMessage())));
    }

    /** Milliseconds since {@code coordinatorId} last answered, counted from {@code sinceNanos} when it never did. */
    long silentMs(String coordinatorId, long sinceNanos, long nowNanos) {
        long last = lastGrantNanos.getOrDefault(coordinatorId, sinceNanos);
        return (nowNanos - Math.max(last, sinceNanos)) / 1_000_000;
    }
}
