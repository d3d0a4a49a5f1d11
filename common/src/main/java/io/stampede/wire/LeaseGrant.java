package io.stampede.wire;

/**
 * Coordinator → worker, the answer to a {@link LeaseRequest}. When {@code granted}, the worker
 * may send load for {@code leaseMs} counted from the moment it <em>asked</em> (its own monotonic
 * clock), never from when the answer arrived: an answer that waited in a paused process's
 * socket buffer grants nothing. {@code epoch} is the worker's current lease; when it differs
 * from the one asked about, the old one is revoked (the coordinator declared the worker lost
 * and may hand its users to others): every slice held under it stops at once, for good.
 */
public record LeaseGrant(int v, String workerId, long epoch, long leaseMs, boolean granted, String reason)
        implements WireMessage {
}
