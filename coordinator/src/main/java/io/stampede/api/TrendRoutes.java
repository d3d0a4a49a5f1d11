package io.stampede.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stampede.index.BaselineSpec;
import io.stampede.index.IndexException;
import io.stampede.index.RunQuery;
import io.stampede.index.Trends;
import io.stampede.run.RunManager;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/trends?scenario=S[&metric=p95,…][&tag=…][&label=…][&limit=30][&baseline=median:5]}:
 * a scenario's figures across its runs, from the run index (docs/API.md, "Trends"); and
 * {@code GET /api/trends/scenarios}: the scenarios that have runs. Database work on worker threads.
 */
final class TrendRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(TrendRoutes.class);

    private final Vertx vertx;
    private final RunManager runs;

    TrendRoutes(RunManager runs) {
        this.runs = runs;
        this.vertx = runs.vertx();
    }

    void mount(Router router) {
        router.get("/api/trends/scenarios").handler(this::scenarios);
        router.get("/api/trends").handler(this::trend);
    }

    private void trend(RoutingContext ctx) {
        Map<String, List<String>> params = new LinkedHashMap<>(RunRoutes.query(ctx));
        List<String> metrics = new ArrayList<>();
        for (String m : params.getOrDefault("metric", List.of())) {
            for (String part : m.split(",")) {
                if (!part.isBlank()) {
                    metrics.add(part.trim());
                }
            }
        }
        params.remove("metric");
        List<String> baselineParam = params.remove("baseline");
        params.putIfAbsent("limit", List.of(Integer.toString(Trends.DEFAULT_RUNS)));
        RunQuery query;
        BaselineSpec baseline;
        try {
            query = RunQuery.parse(params, System.currentTimeMillis());
            if (query.scenario() == null) {
                throw new IllegalArgumentException("a trend is of one scenario: /api/trends?scenario=NAME"
                        + " (GET /api/trends/scenarios lists them)");
            }
            baseline = baselineParam == null || baselineParam.isEmpty() ? BaselineSpec.defaultWindow()
                    : BaselineSpec.parse(baselineParam.get(0));
            metrics.forEach(m -> {
                if (!List.of("steps", "nodes", "checks").contains(m)) {
                    io.stampede.index.TrendMetric.of(m);
                }
            });
        } catch (IllegalArgumentException e) {
            Responses.error(ctx, 400, e.getMessage());
            return;
        }
        vertx.executeBlocking(() -> Trends.build(runs.index(), query, metrics, baseline), false)
                .onComplete(done -> answer(ctx, done.succeeded() ? done.result() : null, done.cause()));
    }

    private void scenarios(RoutingContext ctx) {
        vertx.executeBlocking(() -> Map.of("scenarios", runs.index().scenarios()), false)
                .onComplete(done -> answer(ctx, done.succeeded() ? done.result() : null, done.cause()));
    }

    private static void answer(RoutingContext ctx, Object body, Throwable failure) {
        if (failure == null) {
            Responses.json(ctx, 200, body);
        } else if (failure instanceof IndexException e) {
            LOG.warn("{}: {}", ctx.request().path(), e.getMessage());
            Responses.error(ctx, 503, "the run index cannot be read now: " + e.getMessage());
        } else if (failure instanceof IllegalArgumentException e) {
            Responses.error(ctx, 400, e.getMessage());
        } else {
            ctx.fail(failure);
        }
    }
}
