package io.stampede.coordinator;

import io.stampede.bus.Bus;
import io.stampede.cluster.LeaseDesk;
import io.stampede.cluster.WorkerRegistry;
import io.stampede.otlp.SpanRuns;
import io.stampede.run.CoordinatorOptions;
import io.stampede.run.RunManager;
import io.stampede.search.SearchManager;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;

/**
 * The coordinator: worker membership, the leases that let workers send load, and runs. It
 * lives on one event-loop context (this verticle's), where runs execute; the HTTP API and the
 * CLI call into {@link #runs()} and {@link #workers()} from anywhere. It never drives users.
 */
public final class Coordinator extends VerticleBase {
    private final CoordinatorOptions options;
    private WorkerRegistry registry;
    private LeaseDesk leases;
    private RunManager runs;
    private SearchManager searches;
    private Bus bus;

    private Coordinator(CoordinatorOptions options) {
        this.options = options;
    }

    public static Future<Coordinator> start(Vertx vertx, CoordinatorOptions options) {
        Coordinator coordinator = new Coordinator(options);
        return vertx.deployVerticle(coordinator).map(id -> coordinator);
    }

    @Override
    public Future<?> start() {
        return Bus.start(vertx, options.clusterSecret()).compose(this::startOn);
    }

    private Future<?> startOn(Bus bus) {
        this.bus = bus;
        registry = new WorkerRegistry(vertx, bus, options.workerLossMs());
        leases = new LeaseDesk(bus, options.coordinatorId(), options.leaseMs(), registry::isUp);
        // Revoked before any run hears of the loss, so no handover can come before the revocation.
        registry.onChange((event, worker) -> {
            if (event.equals("lost")) {
                leases.revoke(worker.workerId());
            }
        });
        runs = new RunManager(vertx, bus, context, options, registry, leases);
        searches = new SearchManager(runs);
        return registry.start().compose(v -> leases.start()).compose(v -> runs.loadHistory());
    }

    @Override
    public Future<?> stop() {
        searches.stopAll("coordinator stopping");
        runs.stopAll("coordinator stopping");
        return Future.join(registry.stop(), leases.stop(), bus.close())
                .eventually(() -> vertx.executeBlocking(() -> {
                    runs.close();
                    return null;
                }));
    }

    public RunManager runs() {
        return runs;
    }

    /** Capacity searches: each a sequence of this coordinator's runs. */
    public SearchManager searches() {
        return searches;
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
