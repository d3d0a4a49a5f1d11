package io.stampede.testing;

import java.util.function.BooleanSupplier;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/** Waiting for something a test cannot be told about, such as a server seeing a connection close. */
public final class Eventually {
    private Eventually() {
    }

    /** Completes once {@code condition} holds (checked every 10 ms); fails after 5 s. */
    public static Future<Void> eventually(Vertx vertx, BooleanSupplier condition) {
        Promise<Void> done = Promise.promise();
        long deadline = System.currentTimeMillis() + 5_000;
        vertx.setPeriodic(10, id -> {
            if (condition.getAsBoolean()) {
                vertx.cancelTimer(id);
                done.tryComplete();
            } else if (System.currentTimeMillis() > deadline) {
                vertx.cancelTimer(id);
                done.tryFail("condition not met within 5 s");
            }
        });
        return done.future();
    }
}
