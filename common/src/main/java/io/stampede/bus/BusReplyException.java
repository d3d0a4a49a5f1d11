package io.stampede.bus;

/** A request on the {@link Bus} failed: the other side said why, or no authentic answer came in time. */
public final class BusReplyException extends RuntimeException {
    public BusReplyException(String message) {
        super(message, null, false, false);
    }
}
