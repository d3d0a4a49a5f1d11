package io.stampede.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import io.stampede.search.CapacitySearch;
import io.stampede.search.SearchManager;
import io.stampede.search.SearchResult;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Capacity searches (docs/API.md, "Capacity search"): started by {@code POST /api/runs} with a
 * {@code search} object; here {@code GET /api/searches}, {@code /api/searches/{id}} (search.json as it
 * stands), {@code /api/searches/{id}/stream} (its feed: {@code search}, {@code level}, {@code done}),
 * {@code /api/searches/{id}/report.html} and {@code POST /api/searches/{id}/stop}.
 */
final class SearchRoutes {
    private final Vertx vertx;
    private final SearchManager searches;
    private final int maxPending;

    SearchRoutes(Vertx vertx, SearchManager searches, int feedBuffer) {
        this.vertx = vertx;
        this.searches = searches;
        this.maxPending = feedBuffer + 256;
    }

    void mount(Router router) {
        router.get("/api/searches").handler(ctx -> Responses.json(ctx, 200, Map.of("searches", searches.list())));
        router.get("/api/searches/:id").handler(this::show);
        router.get("/api/searches/:id/stream").handler(this::stream);
        router.get("/api/searches/:id/report.html").handler(this::report);
        router.post("/api/searches/:id/stop").handler(this::stop);
    }

    private void show(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        vertx.executeBlocking(() -> searches.result(id), false).onComplete(found -> {
            if (found.failed()) {
                ctx.fail(found.cause());
            } else if (found.result().isEmpty()) {
                Responses.error(ctx, 404, "no search " + id);
            } else {
                Responses.json(ctx, 200, found.result().get());
            }
        });
    }

    private void stream(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Optional<CapacitySearch> live = searches.get(id);
        if (live.isEmpty()) {
            Responses.error(ctx, 404, "no live search " + id + ": GET /api/searches/" + id + " has its result");
            return;
        }
        long last;
        try {
            String header = ctx.request().getHeader("last-event-id");
            String param = ctx.queryParams().get("last_event_id");
            last = header != null ? Long.parseLong(header.trim()) : param != null ? Long.parseLong(param.trim()) : 0;
        } catch (NumberFormatException e) {
            Responses.error(ctx, 400, "Last-Event-ID must be the id of an event of this stream (a whole number)");
            return;
        }
        new SseStream(vertx, ctx, id, maxPending).open(live.get().feed(), last);
    }

    private void report(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!SearchManager.isSearchId(id)) {
            Responses.error(ctx, 404, "no search " + id);
            return;
        }
        Path file = searches.dataDir().resolve(id).resolve("report.html");
        vertx.executeBlocking(() -> Files.isRegularFile(file) ? Files.readString(file) : null, false).onComplete(read -> {
            if (read.failed()) {
                ctx.fail(read.cause());
            } else if (read.result() == null) {
                Responses.error(ctx, 404, "search " + id + " has no report yet: it is written when the search ends");
            } else {
                ctx.response().putHeader("content-type", "text/html; charset=utf-8")
                        .putHeader("content-security-policy", "sandbox allow-scripts allow-popups").end(read.result());
            }
        });
    }

    private void stop(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Optional<CapacitySearch> live = searches.get(id);
        if (live.isEmpty()) {
            Responses.error(ctx, 404, "no live search " + id);
            return;
        }
        SearchResult r = live.get().result();
        if (!"running".equals(r.status())) {
            Responses.error(ctx, 409, "search " + id + " is already " + r.status());
            return;
        }
        live.get().stop("stopped through the API");
        Responses.json(ctx, 202, Map.of("id", id, "status", "stopping"));
    }
}
