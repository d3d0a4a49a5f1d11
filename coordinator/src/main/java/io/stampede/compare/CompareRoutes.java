package io.stampede.compare;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import io.stampede.api.RouteContributor;
import io.stampede.coordinator.Coordinator;
import io.stampede.results.ResultsJson;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/compare?base=A[&base=A2…]&candidate=B[&tolerance=5%][&rate_tolerance=1][&min_latency_ms=5][&alpha=0.01]}:
 * finished runs of the coordinator's data dir, compared ({@link Comparison}); several bases are
 * pooled. Runs are named by id only, never by path. Instead of {@code base}, {@code baseline=SPEC}
 * picks it from the run index ({@link HistoryBaseline}; {@code candidate} may then be a spec too,
 * or left out). 400 for a bad parameter, 404 for a run without a summary or a spec nothing matches.
 */
public final class CompareRoutes implements RouteContributor {
    private static final String JSON = "application/json; charset=utf-8";

    @Override
    public void addRoutes(Router router, Coordinator coordinator) {
        Vertx vertx = coordinator.runs().vertx();
        Path dataDir = coordinator.options().dataDir();
        router.get("/api/compare").handler(ctx -> compare(ctx, vertx, dataDir, coordinator));
    }

    private static void compare(RoutingContext ctx, Vertx vertx, Path dataDir, Coordinator coordinator) {
        List<String> bases = ctx.queryParams().getAll("base").stream()
                .flatMap(b -> Arrays.stream(b.split(","))).map(String::trim).filter(b -> !b.isEmpty()).toList();
        String candidate = ctx.queryParams().get("candidate");
        String baseline = ctx.queryParams().get("baseline");
        if (baseline != null && !bases.isEmpty()) {
            error(ctx, 400, "give base=RUN_ID or baseline=SPEC, not both");
            return;
        }
        if (baseline == null && (bases.isEmpty() || candidate == null)) {
            error(ctx, 400, "give two runs: /api/compare?base=RUN_ID&candidate=RUN_ID, or"
                    + " /api/compare?baseline=last:tag=nightly[&candidate=RUN_ID]");
            return;
        }
        CompareOptions options;
        try {
            options = CompareOptions.DEFAULTS;
            String tolerance = ctx.queryParams().get("tolerance");
            if (tolerance != null) {
                options = options.withTolerance(CompareOptions.parsePercent(tolerance, "tolerance"));
            }
            String rateTolerance = ctx.queryParams().get("rate_tolerance");
            if (rateTolerance != null) {
                options = options.withRateTolerance(CompareOptions.parsePercent(rateTolerance, "rate_tolerance"));
            }
            String minMs = ctx.queryParams().get("min_latency_ms");
            if (minMs != null) {
                options = options.withMinLatencyDelta(CompareOptions.parsePercent(minMs, "min_latency_ms"));
            }
            String alpha = ctx.queryParams().get("alpha");
            if (alpha != null) {
                options = options.withAlpha(Double.parseDouble(alpha));
            }
        } catch (IllegalArgumentException e) {
            error(ctx, 400, e instanceof NumberFormatException ? "alpha must be a number between 0 and 1, e.g. 0.01" : e.getMessage());
            return;
        }
        CompareOptions chosen = options;
        vertx.executeBlocking(() -> {
            if (baseline == null) {
                List<RunSample> samples = new ArrayList<>();
                for (String b : bases) {
                    samples.add(RunLocator.sampleById(b, dataDir));
                }
                return Comparer.compare(samples, RunLocator.sampleById(candidate, dataDir), chosen);
            }
            HistoryBaseline.Pair pair = HistoryBaseline.pick(coordinator.runs().index(), dataDir, baseline, candidate, false);
            Map<String, Object> body = new LinkedHashMap<>(ResultsJson.MAPPER.convertValue(
                    Comparer.compare(List.of(RunLocator.sampleById(pair.base(), dataDir)),
                            RunLocator.sampleById(pair.candidate(), dataDir), chosen),
                    new TypeReference<Map<String, Object>>() { }));
            body.put("baseline", pair.how());
            return body;
        }, false).onComplete(done -> {
            if (done.succeeded()) {
                json(ctx, 200, done.result());
            } else if (done.cause() instanceof NoSuchFileException e) {
                error(ctx, 404, e.getReason() != null ? e.getReason() : "no run " + e.getFile());
            } else if (done.cause() instanceof IllegalArgumentException e) {
                error(ctx, 400, e.getMessage());
            } else {
                error(ctx, 500, "cannot compare: " + done.cause().getMessage());
            }
        });
    }

    private static void json(RoutingContext ctx, int status, Object body) {
        try {
            String text = ResultsJson.MAPPER.writeValueAsString(body);
            if (!ctx.response().ended()) {
                ctx.response().setStatusCode(status).putHeader("content-type", JSON).putHeader("cache-control", "no-store").end(text);
            }
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }

    private static void error(RoutingContext ctx, int status, String message) {
        json(ctx, status, Map.of("error", message));
    }
}
