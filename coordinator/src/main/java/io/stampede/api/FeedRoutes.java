package io.stampede.api;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.stampede.results.ResultsJson;
import io.stampede.run.Run;
import io.stampede.run.RunIds;
import io.stampede.run.RunManager;
import io.stampede.run.RunRecord;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/runs/{id}/stream} (docs/API.md, "Live feed"): the run's feed as server-sent events, replayed
 * after {@code Last-Event-ID} (header, or {@code ?last_event_id=} for clients that cannot set
 * it). A run of an earlier coordinator lifetime has no feed: it gets one {@code done} event with
 * the summary from its folder.
 */
final class FeedRoutes {
    /** Room above the feed's replay buffer before a client counts as too slow. */
    private static final int PENDING_SLACK = 256;

    private final Vertx vertx;
    private final RunManager runs;
    private final Path dataDir;
    private final int maxPending;

    FeedRoutes(Vertx vertx, RunManager runs, Path dataDir, int feedBuffer) {
        this.vertx = vertx;
        this.runs = runs;
        this.dataDir = dataDir;
        this.maxPending = feedBuffer + PENDING_SLACK;
    }

    void mount(Router router) {
        router.get("/api/runs/:id/stream").handler(this::stream);
    }

    private void stream(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        long lastEventId;
        try {
            lastEventId = lastEventId(ctx);
        } catch (NumberFormatException e) {
            Responses.error(ctx, 400, "Last-Event-ID must be the id of an event of this stream (a whole number)");
            return;
        }
        Optional<RunRecord> record = RunIds.isRunId(id) ? runs.record(id) : Optional.empty();
        if (record.isEmpty()) {
            Responses.error(ctx, 404, "no run " + id);
            return;
        }
        Optional<Run> live = runs.get(id);
        SseStream stream = new SseStream(vertx, ctx, id, maxPending);
        if (live.isPresent()) {
            stream.open(live.get().feed(), lastEventId);
            return;
        }
        RunRecord past = record.get();
        vertx.executeBlocking(() -> {
            Map<String, Object> done = new LinkedHashMap<>();
            done.put("run_id", past.id());
            done.put("status", past.status());
            if (past.reason() != null) {
                done.put("reason", past.reason());
            }
            done.put("summary", RunView.summaryOnDisk(dataDir.resolve(past.id())));
            return ResultsJson.MAPPER.writeValueAsString(done);
        }, false).onComplete(json -> {
            if (json.succeeded()) {
                stream.sendDoneOnly(lastEventId, json.result());
            } else {
                ctx.fail(json.cause());
            }
        });
    }

    private static long lastEventId(RoutingContext ctx) {
        String text = ctx.request().getHeader("last-event-id");
        if (text == null || text.isBlank()) {
            text = ctx.queryParams().get("last_event_id");
        }
        if (text == null || text.isBlank()) {
            return 0;
        }
        long id = Long.parseLong(text.trim());
        if (id < 0) {
            throw new NumberFormatException("negative");
        }
        return id;
    }
}
