package io.stampede.api;

import io.stampede.coordinator.Coordinator;
import io.vertx.ext.web.Router;

/**
 * Mounts more routes on the coordinator's HTTP API without touching its router: the dashboard,
 * {@code /api/compare}, {@code /metrics}. Called once, after the API's own routes and before the
 * JSON 404; every route added here is behind the same request guard (a POST needs the bearer
 * token when one is set) and body handler (bodies are read, up to the limit).
 */
@FunctionalInterface
public interface RouteContributor {
    void addRoutes(Router router, Coordinator coordinator);
}
