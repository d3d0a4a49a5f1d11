package io.stampede.engine;

/**
 * This worker's right to send load for one coordinator: an epoch and an expiry on this
 * machine's monotonic clock. {@link Leases} renews it; every lane reads it before every request
 * its users send ({@link #allows}: two volatile reads, no timer), so a worker that was paused,
 * cut off or declared lost sends nothing once the lease ran out — overdue timers that fire on
 * resume find it gone. The coordinator hands a lost worker's users to others only after the
 * lease it granted has surely expired, so at most one worker drives a user at any time.
 *
 * <p>Written by the worker's control thread, read by the lanes' event loops.
 */
final class Lease {
    /** 0 until the first grant; a newer epoch revokes the slices held under an older one. */
    private volatile long epoch;
    private volatile long expiresAtNanos = System.nanoTime();

    /** True when slices held under {@code epoch} may send now. */
    boolean allows(long epoch, long nowNanos) {
        return this.epoch == epoch && nowNanos - expiresAtNanos < 0;
    }

    /** True once {@code epoch} was replaced by a newer one: its slices stop for good. */
    boolean revoked(long epoch) {
        long current = this.epoch;
        return current != 0 && current != epoch;
    }

    long epoch() {
        return epoch;
    }

    /**
     * The coordinator granted {@code epoch} for {@code leaseMs} in answer to a request sent at
     * {@code askedAtNanos}: the lease runs from the asking, never from the answer's arrival.
     */
    void granted(long grantedEpoch, long askedAtNanos, long leaseMs) {
        long expiry = askedAtNanos + leaseMs * 1_000_000;
        if (grantedEpoch != epoch) {
            // Revoke first: from this write on, slices of the old epoch are refused.
            epoch = grantedEpoch;
            expiresAtNanos = expiry;
        } else if (expiry - expiresAtNanos > 0) {
            expiresAtNanos = expiry;
        }
    }

    /** Milliseconds left, or a negative number once it ran out. */
    long remainingMs(long nowNanos) {
        return (expiresAtNanos - nowNanos) / 1_000_000;
    }
}
