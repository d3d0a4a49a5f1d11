package io.stampede.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stampede.cluster.WorkerInfo;
import io.stampede.cluster.WorkerRegistry;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/workers}: every worker seen, lost ones included, from its last heartbeat. */
final class WorkerRoutes {
    private final WorkerRegistry registry;

    WorkerRoutes(WorkerRegistry registry) {
        this.registry = registry;
    }

    void mount(Router router) {
        router.get("/api/workers").handler(this::list);
    }

    private void list(RoutingContext ctx) {
        long now = System.currentTimeMillis();
        List<WorkerInfo> all = registry.all();
        List<Map<String, Object>> workers = all.stream().map(w -> line(w, now)).toList();
        List<WorkerInfo> up = all.stream().filter(w -> w.state().equals("up")).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("workers", workers);
        body.put("up", up.size());
        body.put("capacity", up.stream().mapToLong(WorkerInfo::capacity).sum());
        body.put("active_users", up.stream().mapToLong(WorkerInfo::activeUsers).sum());
        Responses.json(ctx, 200, body);
    }

    private static Map<String, Object> line(WorkerInfo w, long now) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("worker_id", w.workerId());
        line.put("host", w.host());
        line.put("state", w.state());
        line.put("capacity", w.capacity());
        line.put("reply_budget_bytes", w.replyBudget() > 0 ? w.replyBudget() : null);
        line.put("active_users", w.activeUsers());
        line.put("runs", w.runs());
        line.put("event_loop_lag_ms", w.eventLoopLagMs());
        line.put("cpu", w.cpu() < 0 ? null : w.cpu());
        line.put("first_seen_ms", w.firstSeenMs());
        line.put("last_heartbeat_ms", w.lastHeartbeatMs());
        line.put("heartbeat_age_ms", Math.max(0, now - w.lastHeartbeatMs()));
        line.put("version", w.version());
        line.put("node_id", w.nodeId());
        return line;
    }
}
