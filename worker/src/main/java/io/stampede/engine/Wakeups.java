package io.stampede.engine;

import java.util.Comparator;
import java.util.concurrent.TimeUnit;

import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.DefaultPriorityQueue;
import io.netty.util.internal.PriorityQueueNode;
import io.vertx.core.internal.ContextInternal;

/**
 * The think times, waits and scheduled starts of one lane's users: a queue ordered by when each is
 * due, and one task of the lane's event loop, armed for the earliest. Each user owns one
 * {@link Wakeup} for its whole life. A task per think time would be made anew each time and live
 * as long as the think time (10–20 s): it and its lambdas outlived every young collection, were
 * promoted and piled up as old-generation garbage (docs/PERFORMANCE.md, "Memory per user").
 * On the lane's event loop only; what is due runs with the lane's context current.
 */
final class Wakeups {
    private final ContextInternal context;
    private final DefaultPriorityQueue<Wakeup> queue =
            new DefaultPriorityQueue<>(Comparator.comparingLong(w -> w.dueNanos), 64);
    private final Runnable fire = this::fire;
    private final Runnable runDue = this::runDue;
    private ScheduledFuture<?> armed;
    private long armedFor;
    /** True while what is due runs: what it schedules is armed for once, after. */
    private boolean draining;

    Wakeups(ContextInternal context) {
        this.context = context;
    }

    /** Runs {@code action} once {@code System.nanoTime()} reaches {@code dueNanos}, replacing what {@code wakeup} had due. */
    void schedule(Wakeup wakeup, long dueNanos, Runnable action) {
        cancel(wakeup);
        wakeup.dueNanos = dueNanos;
        wakeup.action = action;
        queue.offer(wakeup);
        if (!draining && (armed == null || dueNanos - armedFor < 0)) {
            arm(dueNanos);
        }
    }

    /** Whatever {@code wakeup} had due does not run. */
    void cancel(Wakeup wakeup) {
        if (wakeup.index != PriorityQueueNode.INDEX_NOT_IN_QUEUE) {
            queue.removeTyped(wakeup);
        }
        wakeup.action = null;
    }

    private void arm(long dueNanos) {
        if (armed != null) {
            armed.cancel(false);
        }
        armedFor = dueNanos;
        armed = context.nettyEventLoop().schedule(fire, Math.max(0, dueNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void fire() {
        armed = null;
        context.dispatch(runDue);
    }

    private void runDue() {
        long now = System.nanoTime();
        Wakeup next;
        draining = true;
        try {
            while ((next = queue.peek()) != null && next.dueNanos - now <= 0) {
                queue.poll();
                Runnable action = next.action;
                next.action = null;
                action.run(); // may schedule this or another wakeup again
            }
        } finally {
            draining = false;
        }
        if (next != null) {
            arm(next.dueNanos); // nothing is armed: fire() let go of it, and schedule() waited for this
        }
    }

    /** One user's place in the queue; reused for each of its waits. */
    static final class Wakeup implements PriorityQueueNode {
        private long dueNanos;
        private Runnable action;
        private int index = INDEX_NOT_IN_QUEUE;

        @Override
        public int priorityQueueIndex(DefaultPriorityQueue<?> queue) {
            return index;
        }

        @Override
        public void priorityQueueIndex(DefaultPriorityQueue<?> queue, int i) {
            index = i;
        }
    }
}
