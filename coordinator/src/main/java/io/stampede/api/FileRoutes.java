package io.stampede.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.stampede.results.ResultFolder;
import io.stampede.run.RunIds;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/runs/{id}/files/{name}}: one of the result files of docs/REPORTS.md, the run folder, nothing else.
 * The run id must look like one and the name must be one of {@link ResultFolder#FILES}, so no
 * request can name a path; the scenario is the redacted copy the run wrote.
 */
final class FileRoutes {
    private static final Map<String, String> TYPES = Map.of(
            ResultFolder.SCENARIO, "application/yaml; charset=utf-8",
            ResultFolder.SUMMARY, "application/json; charset=utf-8",
            ResultFolder.STATS, "text/csv; charset=utf-8",
            ResultFolder.TIMESERIES, "text/csv; charset=utf-8",
            ResultFolder.EVENTS, "application/x-ndjson; charset=utf-8",
            ResultFolder.LATENCY, "text/plain; charset=utf-8",
            ResultFolder.REPORT, "text/html; charset=utf-8",
            ResultFolder.TREND, "application/json; charset=utf-8",
            ResultFolder.CONVERSATIONS, "application/x-ndjson; charset=utf-8");

    private final Vertx vertx;
    private final Path dataDir;

    FileRoutes(Vertx vertx, Path dataDir) {
        this.vertx = vertx;
        this.dataDir = dataDir.toAbsolutePath().normalize();
    }

    void mount(Router router) {
        router.get("/api/runs/:id/files/:name").handler(this::serve);
    }

    private void serve(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String name = ctx.pathParam("name");
        if (!RunIds.isRunId(id) || !TYPES.containsKey(name)) {
            Responses.error(ctx, 404, "no file '" + name + "' of run " + id + ": the files are " + String.join(", ", ResultFolder.FILES));
            return;
        }
        Path file = dataDir.resolve(id).resolve(name);
        vertx.executeBlocking(() -> Files.isRegularFile(file), false).onComplete(exists -> {
            if (exists.failed() || !exists.result()) {
                Responses.error(ctx, 404, "run " + id + " has no " + name + " (yet)");
                return;
            }
            ctx.response().putHeader("content-type", TYPES.get(name))
                    .putHeader("x-content-type-options", "nosniff")
                    .putHeader("cache-control", "no-cache");
            if (name.equals(ResultFolder.REPORT)) {
                // The report shows text that came from the agent under test: its scripts get an origin of their own.
                ctx.response().putHeader("content-security-policy", "sandbox allow-scripts allow-popups");
            }
            ctx.response().sendFile(file.toString()).onFailure(e -> {
                if (!ctx.response().headWritten()) {
                    Responses.error(ctx, 404, "run " + id + " has no " + name);
                }
            });
        });
    }
}
