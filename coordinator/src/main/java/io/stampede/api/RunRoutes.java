package io.stampede.api;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stampede.coordinator.Coordinator;
import io.stampede.index.IndexException;
import io.stampede.index.RunPage;
import io.stampede.index.RunQuery;
import io.stampede.run.RunIdentity;
import io.stampede.run.Run;
import io.stampede.run.RunIds;
import io.stampede.run.RunLimitException;
import io.stampede.run.RunManager;
import io.stampede.run.RunRecord;
import io.stampede.scenario.InvalidScenarioException;
import io.stampede.scenario.ScenarioError;
import io.stampede.scenario.ScenarioLoader;
import io.stampede.search.SearchManager;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** Submitting, validating, listing, showing and stopping runs. */
final class RunRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(RunRoutes.class);

    private final Vertx vertx;
    private final RunManager runs;
    private final Path dataDir;
    private final Map<String, String> environment;
    private final SubmitRate rate;
    private final SearchManager searches;

    RunRoutes(Coordinator coordinator, ApiOptions options) {
        this.rate = new SubmitRate(options.submitsPerMinute());
        this.runs = coordinator.runs();
        this.searches = coordinator.searches();
        this.vertx = runs.vertx();
        this.dataDir = coordinator.options().dataDir();
        this.environment = options.environment();
    }

    void mount(Router router) {
        router.post("/api/runs").handler(this::submit);
        router.post("/api/scenarios/validate").handler(this::validate);
        router.get("/api/runs").handler(this::list);
        router.get("/api/runs/:id").handler(this::show);
        router.post("/api/runs/:id/stop").handler(this::stop);
    }

    /**
     * Runs before the body handler: a scenario is text, never a form. {@code curl --data-binary @f.yaml}
     * labels it {@code application/x-www-form-urlencoded}, which the body handler would try to decode.
     */
    static void bodyIsText(RoutingContext ctx) {
        String type = ctx.request().getHeader("content-type");
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            ctx.request().headers().set("content-type", "text/plain");
        }
        ctx.next();
    }

    private void submit(RoutingContext ctx) {
        long waitS = rate.take();
        if (waitS > 0) {
            ctx.response().putHeader("retry-after", Long.toString(waitS));
            Responses.error(ctx, 429, "this coordinator takes at most " + rate.perMinute() + " runs a minute: submit again in "
                    + waitS + " s");
            return;
        }
        Submission submission;
        try {
            submission = parse(ctx);
        } catch (InvalidScenarioException e) {
            invalid(ctx, e.errors());
            return;
        }
        if (submission.search() != null) {
            search(ctx, submission);
            return;
        }
        runs.submit(submission.source(), submission.overrides(), withAddress(submission.identity(), ctx)).onComplete(done -> {
            if (done.succeeded()) {
                Run run = done.result();
                ctx.response().putHeader("location", "/api/runs/" + run.id());
                Responses.json(ctx, 201, Map.of("id", run.id(), "status", run.status().wireName(),
                        "stream", "/api/runs/" + run.id() + "/stream"));
            } else if (done.cause() instanceof InvalidScenarioException e) {
                invalid(ctx, e.errors());
            } else if (done.cause() instanceof RunLimitException e) {
                Responses.error(ctx, 429, e.getMessage());
            } else {
                LOG.warn("a run could not be created: {}", done.cause().toString());
                Responses.error(ctx, 500, "the run could not be created: " + done.cause().getMessage());
            }
        });
    }

    /** A capacity search instead of one run: 201 with the search's id and feed. */
    private void search(RoutingContext ctx, Submission submission) {
        searches.submit(submission.source(), submission.search()).onComplete(done -> {
            if (done.succeeded()) {
                String id = done.result().id();
                ctx.response().putHeader("location", "/api/searches/" + id);
                Responses.json(ctx, 201, Map.of("id", id, "kind", "search", "status", "running",
                        "stream", "/api/searches/" + id + "/stream"));
            } else if (done.cause() instanceof InvalidScenarioException e) {
                invalid(ctx, e.errors());
            } else {
                LOG.warn("a search could not be created: {}", done.cause().toString());
                Responses.error(ctx, 500, "the search could not be created: " + done.cause().getMessage());
            }
        });
    }

    private void validate(RoutingContext ctx) {
        Submission submission;
        try {
            submission = parse(ctx);
        } catch (InvalidScenarioException e) {
            Responses.json(ctx, 200, Map.of("valid", false, "errors", e.errors()));
            return;
        }
        vertx.executeBlocking(() -> ScenarioLoader.validate(submission.source()), false).onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
                return;
            }
            List<ScenarioError> errors = done.result();
            Responses.json(ctx, 200, Map.of("valid", errors.isEmpty(), "errors", errors));
        });
    }

    private Submission parse(RoutingContext ctx) throws InvalidScenarioException {
        return Submission.parse(ctx.body().asString("UTF-8"), ctx.request().getHeader("content-type"), query(ctx), environment);
    }

    /** The request's query parameters, each with all its values. */
    static Map<String, List<String>> query(RoutingContext ctx) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        ctx.queryParams().names().forEach(name -> query.put(name, ctx.queryParams().getAll(name)));
        return query;
    }

    /** Who submitted: what the client says (or "api"), and the address it came from, which it cannot choose. */
    private static RunIdentity withAddress(RunIdentity identity, RoutingContext ctx) {
        String address = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
        String by = (identity.submittedBy() == null ? "api" : identity.submittedBy()) + (address == null ? "" : " from " + address);
        return new RunIdentity(identity.tags(), identity.labels(), by, identity.origin());
    }

    private static void invalid(RoutingContext ctx, List<ScenarioError> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", errors.size() == 1 ? "the scenario is invalid: " + errors.get(0)
                : "the scenario is invalid (" + errors.size() + " errors)");
        body.put("errors", errors);
        Responses.json(ctx, 400, body);
    }

    /** The runs list, from the run index: filters, newest first, a page at a time (docs/API.md). */
    private void list(RoutingContext ctx) {
        RunQuery query;
        try {
            query = RunQuery.parse(query(ctx), System.currentTimeMillis());
        } catch (IllegalArgumentException e) {
            Responses.error(ctx, 400, e.getMessage());
            return;
        }
        vertx.executeBlocking(() -> runs.index().find(query), false).onComplete(found -> {
            if (found.succeeded()) {
                RunPage page = found.result();
                Responses.json(ctx, 200, Map.of("runs", page.runs(), "total", page.total(), "limit", page.limit(),
                        "offset", page.offset()));
            } else if (found.cause() instanceof IndexException e) {
                LOG.warn("GET /api/runs: {}", e.getMessage());
                Responses.error(ctx, 503, "the run index cannot be read now: " + e.getMessage());
            } else {
                ctx.fail(found.cause());
            }
        });
    }

    private void show(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Optional<RunRecord> record = RunIds.isRunId(id) ? runs.record(id) : Optional.empty();
        if (record.isEmpty()) {
            Responses.error(ctx, 404, "no run " + id);
            return;
        }
        Optional<Run> live = runs.get(id);
        vertx.executeBlocking(() -> RunView.of(record.get(), live, dataDir.resolve(id)), false).onComplete(view -> {
            if (view.succeeded()) {
                Responses.json(ctx, 200, view.result());
            } else {
                ctx.fail(view.cause());
            }
        });
    }

    private void stop(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Optional<RunRecord> record = RunIds.isRunId(id) ? runs.record(id) : Optional.empty();
        if (record.isEmpty()) {
            Responses.error(ctx, 404, "no run " + id);
            return;
        }
        Optional<Run> live = runs.get(id);
        if (live.isEmpty() || live.get().status().isFinal()) {
            Responses.error(ctx, 409, "run " + id + " is already " + record.get().status());
            return;
        }
        runs.stop(id, true, "stopped through the API").onComplete(done -> {
            if (done.succeeded()) {
                Responses.json(ctx, 202, Map.of("id", id, "status", "stopping"));
            } else {
                Responses.error(ctx, 409, "run " + id + " is no longer running");
            }
        });
    }
}
