package io.stampede.coordinator;

import io.stampede.cluster.WorkerRegistry;
import io.stampede.otlp.SpanRuns;
import io.stampede.run.CoordinatorOptions;
import io.stampede.run.RunManager;
import io.stampede.wire.Addresses;
import io.stampede.wire.CoordinatorBeat;
import io.stampede.wire.WireCodec;
import io.stampede.wire.WireMessage;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;

/**
 * The coordinator: worker membership, runs, and the beat that keeps workers' load alive. It
 * lives on one event-loop context (this verticle's), where runs execute; the HTTP API and the
 * CLI call into {@link #runs()} and {@link #workers()} from anywhere. It never drives users.
 */
public final class Coordinator extends VerticleBase {
    private final CoordinatorOptions options;
    private WorkerRegistry registry;
    private RunManager runs;
    private long beat;

    private Coordinator(CoordinatorOptions options) {
        this.options = options;
    }

    public static Future<Coordinator> start(Vertx vertx, CoordinatorOptions options) {
        Coordinator coordinator = new Coordinator(options);
        return vertx.deployVerticle(coordinator).map(id -> coordinator);
    }

    @Override
    public Future<?> start() {
        registry = new WorkerRegistry(vertx, options.workerLossMs());
        runs = new RunManager(vertx, context, options, registry);
        beat = vertx.setPeriodic(0, 1000, id -> vertx.eventBus().publish(Addresses.COORDINATOR_BEAT,
                WireCodec.encode(new CoordinatorBeat(WireMessage.VERSION, options.coordinatorId(), System.currentTimeMillis()))));
        return registry.start().compose(v -> runs.loadHistory());
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(beat);
        runs.stopAll("coordinator stopping");
        return registry.stop();
    }

    public RunManager runs() {
        return runs;
    }

    public WorkerRegistry workers() {
        return registry;
    }

    /** The runs that take the agent's spans: what an {@code OtlpReceiver} routes to. */
    public SpanRuns spans() {
        return runs.spans();
    }

    public CoordinatorOptions options() {
        return options;
    }
}
