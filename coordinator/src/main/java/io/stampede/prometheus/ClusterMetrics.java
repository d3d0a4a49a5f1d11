package io.stampede.prometheus;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.stampede.cluster.ClusterCapacity;
import io.stampede.cluster.WorkerInfo;
import io.stampede.cluster.WorkerRegistry;

/**
 * Cluster health for Prometheus: workers up and lost, and per worker its heartbeat age, users,
 * capacity and event-loop lag, from the registry's last heartbeats. A worker's gauges appear when
 * it is first seen and stay (a lost worker reports state 0), so an alert on a stale heartbeat can fire.
 */
final class ClusterMetrics {
    private final MeterRegistry registry;
    private final WorkerRegistry workers;
    private final Map<String, Boolean> registered = new HashMap<>();

    ClusterMetrics(MeterRegistry registry, WorkerRegistry workers) {
        this.registry = registry;
        this.workers = workers;
        Gauge.builder("stampede.workers.up", workers, w -> w.available().size())
                .description("workers whose heartbeat is current").register(registry);
        Gauge.builder("stampede.workers.lost", workers, w -> w.all().stream().filter(i -> !i.state().equals("up")).count())
                .description("workers that missed their heartbeat deadline or left").register(registry);
        Gauge.builder("stampede.workers.capacity.users", workers, w -> ClusterCapacity.of(w.available()))
                .description("users the workers up hold together (each worker's capacity, bounded by its file limit)").register(registry);
    }

    /** Registers gauges for workers seen since the last call. */
    synchronized void poll() {
        List<WorkerInfo> all = workers.all();
        for (WorkerInfo w : all) {
            if (registered.putIfAbsent(w.workerId(), true) == null) {
                register(w.workerId());
            }
        }
    }

    private void register(String id) {
        Tags tags = Tags.of("worker", id);
        Gauge.builder("stampede.worker.heartbeat.age", this, m -> m.value(id, w -> (System.currentTimeMillis() - w.lastHeartbeatMs()) / 1000.0))
                .tags(tags).baseUnit("seconds").description("time since the worker's last heartbeat").register(registry);
        Gauge.builder("stampede.worker.up", this, m -> m.value(id, w -> w.state().equals("up") ? 1 : 0))
                .tags(tags).description("1 while the worker's heartbeat is current").register(registry);
        Gauge.builder("stampede.worker.users.active", this, m -> m.value(id, WorkerInfo::activeUsers))
                .tags(tags).description("virtual users the worker runs now").register(registry);
        Gauge.builder("stampede.worker.users.capacity", this, m -> m.value(id, WorkerInfo::capacity))
                .tags(tags).description("users the worker offers").register(registry);
        Gauge.builder("stampede.worker.event.loop.lag", this, m -> m.value(id, w -> w.eventLoopLagMs() / 1000.0))
                .tags(tags).baseUnit("seconds").description("how late the worker's event loops run timers").register(registry);
    }

    private double value(String id, java.util.function.ToDoubleFunction<WorkerInfo> f) {
        return workers.all().stream().filter(w -> w.workerId().equals(id)).findFirst().map(f::applyAsDouble).orElse(Double.NaN);
    }
}
