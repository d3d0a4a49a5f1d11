package io.stampede.prometheus;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.stampede.api.RouteContributor;
import io.stampede.coordinator.Coordinator;
import io.stampede.otlp.SpanRuns;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/**
 * {@code GET /metrics}: Prometheus text exposition of live runs ({@link RunMetrics}), the cluster
 * ({@link ClusterMetrics}) and the coordinator's JVM, with Micrometer's Prometheus registry.
 * Runs are followed once a second by a timer, so counters do not depend on how often Prometheus scrapes.
 */
public final class PrometheusRoutes implements RouteContributor {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final long POLL_MS = 1000;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public PrometheusRoutes() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    @Override
    public void addRoutes(Router router, Coordinator coordinator) {
        Vertx vertx = coordinator.runs().vertx();
        RunMetrics runs = new RunMetrics(registry, coordinator.runs());
        ClusterMetrics cluster = new ClusterMetrics(registry, coordinator.workers());
        spanMetrics(coordinator.spans());
        vertx.setPeriodic(POLL_MS, id -> {
            runs.poll();
            cluster.poll();
        });
        router.get("/metrics").handler(ctx -> {
            cluster.poll();
            ctx.response().putHeader("content-type", CONTENT_TYPE).end(registry.scrape());
        });
    }

    /** The agent's spans the OTLP receiver routed: into a run, of no run (unknown), after their run closed (late). */
    private void spanMetrics(SpanRuns spans) {
        FunctionCounter.builder("stampede.otlp.spans", spans, SpanRuns::matched).tag("outcome", "matched")
                .description("the agent's spans received over OTLP, by what became of them").register(registry);
        FunctionCounter.builder("stampede.otlp.spans", spans, SpanRuns::unknown).tag("outcome", "unknown")
                .description("the agent's spans received over OTLP, by what became of them").register(registry);
        FunctionCounter.builder("stampede.otlp.spans", spans, SpanRuns::late).tag("outcome", "late")
                .description("the agent's spans received over OTLP, by what became of them").register(registry);
    }

    /** The registry, for embedding more meters (tests read it too). */
    public PrometheusMeterRegistry registry() {
        return registry;
    }
}
