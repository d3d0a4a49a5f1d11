package io.stampede.wire;

/**
 * Worker → its coordinator, request/reply, about twice a second while it runs that
 * coordinator's slices: renew my right to send load. {@code epoch} is the lease the worker
 * holds (0: none yet). Answered with a {@link LeaseGrant}.
 */
public record LeaseRequest(int v, String workerId, long epoch) implements WireMessage {
}
