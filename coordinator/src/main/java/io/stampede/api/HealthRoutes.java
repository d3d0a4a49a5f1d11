package io.stampede.api;

import java.util.Map;

import io.stampede.cluster.WorkerRegistry;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Probes for Kubernetes and load balancers. Live: the event loop answers. Ready: the API serves
 * and the run history is loaded (it is, once {@link HttpApi#start} completed), and until
 * {@link HttpApi#close()} begins. A coordinator without workers is ready: runs wait for workers.
 */
final class HealthRoutes {
    private final WorkerRegistry registry;
    private volatile boolean closing;

    HealthRoutes(WorkerRegistry registry) {
        this.registry = registry;
    }

    void mount(Router router) {
        router.get("/health/live").handler(ctx -> Responses.json(ctx, 200, Map.of("status", "up")));
        router.get("/health/ready").handler(this::ready);
    }

    void closing() {
        closing = true;
    }

    private void ready(RoutingContext ctx) {
        if (closing) {
            Responses.json(ctx, 503, Map.of("status", "closing"));
        } else {
            Responses.json(ctx, 200, Map.of("status", "ready", "workers", registry.available().size()));
        }
    }
}
