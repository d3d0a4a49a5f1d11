package io.stampede.engine;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;
import io.stampede.metrics.KeyStats;

/**
 * Measures how late a lane's own event loop is: a task asks to run every {@link #EVERY_MS} and
 * records, in a histogram, how much later than asked it ran. A load generator that is behind
 * (its core saturated, a GC pause, too many users on one loop) starts every request late, and
 * that delay is in the latencies it reports: this is what tells the user so. On the lane's
 * event loop; {@link #recentMaxMs} may be read from anywhere.
 */
final class LagProbe {
    static final long EVERY_MS = 50;
    private static final long EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(EVERY_MS);
    /** Probes per window of {@link #recentMaxMs}: about a second. */
    private static final int WINDOW = 20;

    private final EventLoop loop;
    private final KeyStats lag;
    private final Runnable alsoEachTick;
    private ScheduledFuture<?> next;
    private long expectedNanos;
    private long windowMaxMicros;
    private int inWindow;
    private volatile long recentMaxMs;

    /** @param alsoEachTick run after each probe (the lane's other periodic chores) */
    LagProbe(EventLoop loop, KeyStats lag, Runnable alsoEachTick) {
        this.loop = loop;
        this.lag = lag;
        this.alsoEachTick = alsoEachTick;
    }

    void start() {
        expectedNanos = System.nanoTime() + EVERY_NANOS;
        next = loop.schedule(this::probe, EVERY_NANOS, TimeUnit.NANOSECONDS);
    }

    void stop() {
        if (next != null) {
            next.cancel(false);
        }
    }

    /** The most the loop was late over about the last second, in ms. */
    long recentMaxMs() {
        return recentMaxMs;
    }

    private void probe() {
        long now = System.nanoTime();
        long lateMicros = Math.max(0, (now - expectedNanos) / 1000);
        lag.record(lateMicros, true);
        windowMaxMicros = Math.max(windowMaxMicros, lateMicros);
        if (++inWindow == WINDOW) {
            recentMaxMs = windowMaxMicros / 1000;
            windowMaxMicros = 0;
            inWindow = 0;
        }
        alsoEachTick.run();
        expectedNanos = now + EVERY_NANOS;
        next = loop.schedule(this::probe, EVERY_NANOS, TimeUnit.NANOSECONDS);
    }
}
