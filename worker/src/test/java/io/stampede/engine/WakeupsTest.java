package io.stampede.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

/** Users' think times on one event loop: each runs once, in due order, never early, with the lane's context current. */
class WakeupsTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @Test
    void wakeupsRunInDueOrderNeverEarlyAndACancelledOneNever() throws Exception {
        ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        List<Long> lateness = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            Wakeups wakeups = new Wakeups(context);
            long now = System.nanoTime();
            Wakeups.Wakeup a = new Wakeups.Wakeup(), b = new Wakeups.Wakeup(), c = new Wakeups.Wakeup(), d = new Wakeups.Wakeup();
            java.util.function.BiFunction<String, Long, Runnable> action = (name, due) -> () -> {
                lateness.add(System.nanoTime() - due);
                assertSame(context, Vertx.currentContext(), name + " ran without the lane's context");
                ran.add(name);
                if (name.equals("d")) {
                    done.complete(null);
                }
            };
            long dueC = now + ms(120), dueA = now + ms(40), dueD = now + ms(200), dueB = now + ms(80);
            wakeups.schedule(c, dueC, action.apply("c", dueC));
            wakeups.schedule(d, dueD, action.apply("d", dueD));
            wakeups.schedule(a, now + ms(500), action.apply("a-late", now + ms(500)));
            wakeups.schedule(a, dueA, action.apply("a", dueA)); // rescheduled earlier: replaces its wait, re-arms
            long dueBCancelled = now + ms(60);
            wakeups.schedule(b, dueBCancelled, action.apply("b-cancelled", dueBCancelled));
            wakeups.cancel(b);
            wakeups.schedule(b, dueB, action.apply("b", dueB));
            Wakeups.Wakeup e = new Wakeups.Wakeup();
            wakeups.schedule(e, now + ms(100), action.apply("e-cancelled", now + ms(100)));
            wakeups.cancel(e);
        });
        done.get(5, TimeUnit.SECONDS);
        Thread.sleep(400); // past a-late's old due: it must not run
        assertEquals(List.of("a", "b", "c", "d"), ran);
        for (long late : lateness) {
            assertTrue(late >= 0, "ran " + late + " ns before its due time");
        }
    }

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
