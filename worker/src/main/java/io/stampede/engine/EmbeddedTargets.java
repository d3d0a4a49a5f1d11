package io.stampede.engine;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Starts a built-in target named by {@code target.embedded} (e.g. the demo agent) on the
 * worker's own loopback before a slice runs, so the scenario works wherever its users run.
 * Supplied by the launcher, which knows the built-in servers; the engine only asks.
 */
@FunctionalInterface
public interface EmbeddedTargets {
    EmbeddedTargets NONE = (vertx, name, baseUrl) -> Future.failedFuture("no embedded target '" + name + "' in this worker");

    /** Starts it (once per process and address) and completes when it listens at {@code baseUrl}. */
    Future<Void> ensureStarted(Vertx vertx, String name, String baseUrl);
}
