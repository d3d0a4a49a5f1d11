package io.stampede.cli;

import java.nio.file.Path;
import java.time.Duration;

import io.stampede.coordinator.Coordinator;
import io.stampede.engine.WorkerNode;
import io.stampede.engine.WorkerOptions;
import io.stampede.run.CoordinatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * The embedded default: a coordinator and one worker in this process, talking over the
 * (local) event bus with the same serialized messages as a real cluster.
 */
final class LocalCluster implements AutoCloseable {
    /** How late a heartbeat may be in one process before a side counts the other lost. */
    static final long EMBEDDED_LOSS_MS = 60_000;

    private final Vertx vertx;
    private final Coordinator coordinator;
    private final WorkerNode worker;

    private LocalCluster(Vertx vertx, Coordinator coordinator, WorkerNode worker) {
        this.vertx = vertx;
        this.coordinator = coordinator;
        this.worker = worker;
    }

    static LocalCluster start(Path dataDir) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setBlockedThreadCheckInterval(10_000).setPreferNativeTransport(true));
        try {
            // One process: neither side can lose the other, but a start burst that holds the only
            // core for seconds could make a heartbeat late; the loss timeouts are far out of its way.
            WorkerNode worker = Await.result(WorkerNode.start(vertx, new WorkerOptions().workerId("local")
                    .coordinatorTimeoutMs(EMBEDDED_LOSS_MS).embeddedTargets(new DemoAgentTargets())),
                    Duration.ofSeconds(30));
            Coordinator coordinator = Await.result(Coordinator.start(vertx, new CoordinatorOptions()
                    .coordinatorId("local").dataDir(dataDir).startDelayMs(100).workerLossMs(EMBEDDED_LOSS_MS)),
                    Duration.ofSeconds(30));
            return new LocalCluster(vertx, coordinator, worker);
        } catch (Exception e) {
            vertx.close();
            throw e;
        }
    }

    Vertx vertx() {
        return vertx;
    }

    Coordinator coordinator() {
        return coordinator;
    }

    @Override
    public void close() throws Exception {
        Await.result(worker.close(), Duration.ofSeconds(10));
        Await.result(vertx.close(), Duration.ofSeconds(10));
    }
}
