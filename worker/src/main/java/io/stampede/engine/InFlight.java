package io.stampede.engine;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;

/**
 * The exchange a user has in flight: which attempt it is (an answer to an older attempt comes
 * too late and is ignored), its timeout, and how to abandon it (reset the request, close the
 * connection or socket).
 *
 * <p>The timeout is a task of its own on the user's event loop, scheduled for the exchange's
 * deadline and cancelled when the answer comes first, so it fires within a millisecond or two of
 * the deadline and touches nothing but this user. On the user's event loop only.
 */
final class InFlight {
    private final EventLoop loop;
    private int attempt;
    private ScheduledFuture<?> timeout;
    private Runnable cancel;

    InFlight(EventLoop loop) {
        this.loop = loop;
    }

    /**
     * A new exchange: {@code onTimeout} runs, on this event loop, if no answer closed it within
     * {@code timeoutNanos}. Its answer must name the attempt returned.
     */
    int open(long timeoutNanos, Runnable onTimeout) {
        int mine = ++attempt;
        scheduleTimeout(mine, System.nanoTime() + timeoutNanos, onTimeout);
        return mine;
    }

    /** The event loop may wake a fraction of a millisecond early: then it waits out the rest, never times out early. */
    private void scheduleTimeout(int mine, long deadlineNanos, Runnable onTimeout) {
        timeout = loop.schedule(() -> {
            if (mine != attempt) {
                return;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                scheduleTimeout(mine, deadlineNanos, onTimeout);
            } else {
                onTimeout.run();
            }
        }, Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** Takes the answer of {@code forAttempt}: false when it is not the current exchange's. */
    boolean close(int forAttempt) {
        if (forAttempt != attempt) {
            return false;
        }
        attempt++;
        stopTimer();
        cancel = null;
        return true;
    }

    /**
     * Stops listening to the current exchange, then abandons it. Returns the attempt whose
     * outcome the caller may now {@link #close} with instead (a timeout).
     */
    int abandon() {
        int replacement = ++attempt;
        stopTimer();
        Runnable c = cancel;
        cancel = null;
        if (c != null) {
            c.run();
        }
        return replacement;
    }

    /** How to abandon the exchange now in flight; with none in flight, it is abandoned at once. */
    void onAbandon(Runnable cancel) {
        if (timeout != null) {
            this.cancel = cancel;
        } else {
            cancel.run();
        }
    }

    private void stopTimer() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }
}
