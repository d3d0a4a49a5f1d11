package io.stampede.demo;

import io.vertx.core.Vertx;

/** Waiting out a simulated latency without blocking: one timer, or nothing when it rounds to 0 ms. */
final class Delays {
    private Delays() {
    }

    /** Runs the action on the caller's context after {@code latencyMs}, rounded up so the wait is never shorter. */
    static void after(Vertx vertx, double latencyMs, Runnable action) {
        long delay = (long) Math.ceil(latencyMs - 1e-9);
        if (delay < 1) {
            action.run();
        } else {
            vertx.setTimer(delay, timerId -> action.run());
        }
    }
}
