package io.stampede.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

import io.stampede.coordinator.Coordinator;
import io.stampede.engine.WorkerNode;
import io.stampede.engine.WorkerOptions;
import io.stampede.otlp.OtlpOptions;
import io.stampede.otlp.OtlpReceiver;
import io.stampede.run.CoordinatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * The embedded default: a coordinator and one worker in this process, talking over the
 * (local) event bus with the same serialized messages as a real cluster, and the OTLP receiver
 * on loopback (port 4318 unless told otherwise), so an agent on this machine can send its
 * spans with no more set-up than OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318. A port
 * already taken (a local collector, say) is a warning, not a failure: the run goes on without spans.
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
        return start(dataDir, c -> c, null);
    }

    /** @param configure adds to the coordinator's options; @param otlp the receiver's, or null for none */
    static LocalCluster start(Path dataDir, UnaryOperator<CoordinatorOptions> configure, OtlpOptions otlp)
            throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setBlockedThreadCheckInterval(10_000).setPreferNativeTransport(true));
        try {
            // One process: neither side can lose the other, but a start burst that holds the only
            // core for seconds could make a heartbeat late; the loss timeouts are far out of its way.
            WorkerNode worker = Await.result(WorkerNode.start(vertx, new WorkerOptions().workerId("local")
                    .coordinatorTimeoutMs(EMBEDDED_LOSS_MS).embeddedTargets(new DemoAgentTargets()).rehearse(true)),
                    Duration.ofSeconds(30));
            Coordinator coordinator = Await.result(Coordinator.start(vertx, configure.apply(new CoordinatorOptions()
                    .coordinatorId("local").dataDir(dataDir).startDelayMs(100).workerLossMs(EMBEDDED_LOSS_MS))),
                    Duration.ofSeconds(30));
            if (otlp != null) {
                receive(vertx, coordinator, otlp);
            }
            return new LocalCluster(vertx, coordinator, worker);
        } catch (Exception e) {
            vertx.close();
            throw e;
        }
    }

    private static void receive(Vertx vertx, Coordinator coordinator, OtlpOptions otlp) {
        try {
            Await.result(OtlpReceiver.start(vertx, coordinator.spans(), otlp), Duration.ofSeconds(10));
        } catch (Exception e) {
            System.err.println("OTLP receiver: cannot listen on " + otlp.host() + ":" + otlp.port() + " (" + e.getMessage()
                    + "); the agent's spans are not received (--otlp-port to pick another port, --no-otlp to say so)");
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
