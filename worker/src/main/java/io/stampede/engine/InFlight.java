package io.stampede.engine;

/**
 * The exchange a user has in flight: which attempt it is (an answer to an older attempt comes
 * too late and is ignored), when it times out, and how to abandon it (reset the request, close
 * the connection or socket). On the user's event loop only.
 */
final class InFlight {
    private int attempt;
    private long deadlineNanos;
    private Runnable cancel;

    /** A new exchange, due by {@code deadlineNanos}; its answer must name the attempt returned. */
    int open(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
        return ++attempt;
    }

    /** Takes the answer of {@code forAttempt}: false when it is not the current exchange's. */
    boolean close(int forAttempt) {
        if (forAttempt != attempt) {
            return false;
        }
        attempt++;
        deadlineNanos = 0;
        cancel = null;
        return true;
    }

    /**
     * Stops listening to the current exchange, then abandons it. Returns the attempt whose
     * outcome the caller may now {@link #close} with instead (a timeout).
     */
    int abandon() {
        int replacement = ++attempt;
        deadlineNanos = 0;
        Runnable c = cancel;
        cancel = null;
        if (c != null) {
            c.run();
        }
        return replacement;
    }

    boolean overdue(long nowNanos) {
        return deadlineNanos != 0 && nowNanos - deadlineNanos > 0;
    }

    /** How to abandon the exchange now in flight; with none in flight, it is abandoned at once. */
    void onAbandon(Runnable cancel) {
        if (deadlineNanos != 0) {
            this.cancel = cancel;
        } else {
            cancel.run();
        }
    }
}
