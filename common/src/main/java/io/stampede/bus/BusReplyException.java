package io.stampede.bus;

/** A request on the {@link Bus} failed: the other side said why, or no authentic answer came in time. */
public final class BusReplyException extends RuntimeException {
    private final boolean answered;

    public BusReplyException(String message) {
        this(message, true);
    }

    BusReplyException(String message, boolean answered) {
        super(message, null, false, false);
        this.answered = answered;
    }

    /** True when the other side answered with a refusal; false when no answer came (in time, or before the bus closed). */
    public boolean answered() {
        return answered;
    }

    /** True when {@code failure} is a request that nobody answered. */
    public static boolean isNoAnswer(Throwable failure) {
        return failure instanceof BusReplyException e && !e.answered;
    }
}
