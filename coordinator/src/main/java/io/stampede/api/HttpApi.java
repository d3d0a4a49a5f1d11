package io.stampede.api;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stampede.coordinator.Coordinator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The coordinator's HTTP API (docs/API.md) and live feed: one Vert.x HTTP server whose router
 * is cut by area ({@link RunRoutes}, {@link TrendRoutes}, {@link FeedRoutes}, {@link FileRoutes},
 * {@link WorkerRoutes}, {@link HealthRoutes}) behind one {@link RequestGuard}, plus whatever the
 * {@link RouteContributor}s of {@link ApiOptions} mount (dashboard, compare, metrics).
 *
 * <p>Handlers never block an event loop: scenario loading and file reads go to worker threads,
 * run changes to the coordinator's context. Bodies are JSON in snake_case; errors are
 * {@code {"error": "..."}} with the status that says what happened.
 */
public final class HttpApi {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    private final HttpServer server;
    private final HealthRoutes health;

    private HttpApi(HttpServer server, HealthRoutes health) {
        this.server = server;
        this.health = health;
    }

    /**
     * Listens on {@code options.host():options.port()}. Fails, before listening, when the host is
     * not loopback and neither a token nor {@code insecure} is set.
     */
    public static Future<HttpApi> start(Vertx vertx, Coordinator coordinator, ApiOptions options) {
        String refusal = exposureRefusal(options);
        if (refusal != null) {
            return Future.failedFuture(new IllegalArgumentException(refusal));
        }
        if (!RequestGuard.isLoopback(options.host()) && options.token() == null) {
            LOG.warn("the API listens on {} without a token (--insecure): anyone who reaches it can start load", options.host());
        }
        if (!RequestGuard.isLoopback(options.host()) && options.tls() == null) {
            LOG.warn("the API listens on {} without TLS: tokens, scenarios and results cross the network in clear text"
                    + " (--tls-cert/--tls-key)", options.host());
        }
        Router router = Router.router(vertx);
        router.route().handler(new RequestGuard(options));
        router.post("/api/runs").handler(RunRoutes::bodyIsText);
        router.post("/api/scenarios/validate").handler(RunRoutes::bodyIsText);
        router.route().handler(BodyHandler.create(false).setBodyLimit(options.bodyLimit()));
        HealthRoutes health = new HealthRoutes(coordinator.workers());
        health.mount(router);
        new TrendRoutes(coordinator.runs()).mount(router);
        new RunRoutes(coordinator, options).mount(router);
        new FeedRoutes(vertx, coordinator.runs(), coordinator.options().dataDir(), coordinator.options().feedBuffer()).mount(router);
        new FileRoutes(vertx, coordinator.options().dataDir()).mount(router);
        new WorkerRoutes(coordinator.workers()).mount(router);
        new SearchRoutes(vertx, coordinator.searches(), coordinator.options().feedBuffer()).mount(router);
        for (RouteContributor contributor : options.contributors()) {
            contributor.addRoutes(router, coordinator);
        }
        errors(router, options.bodyLimit());
        HttpServerOptions serverOptions = new HttpServerOptions().setCompressionSupported(false);
        if (options.tls() != null) {
            serverOptions.setSsl(true).setKeyCertOptions(options.tls());
        }
        HttpServer server = vertx.createHttpServer(serverOptions);
        return server.requestHandler(router).listen(options.port(), options.host())
                .map(listening -> {
                    LOG.info("HTTP API on {}://{}:{}{}{}", options.tls() == null ? "http" : "https", options.host(),
                            listening.actualPort(), options.token() == null ? "" : " (token required for changes)",
                            options.readsNeedToken() ? " (token required for reads)" : "");
                    return new HttpApi(listening, health);
                })
                .recover(failure -> Future.failedFuture(new IllegalStateException("cannot listen on " + options.host() + ":"
                        + options.port() + ": " + failure.getMessage(), failure)));
    }

    /** Why these options must not start, or null: docs/API.md, "Security", a token beyond loopback. */
    static String exposureRefusal(ApiOptions options) {
        if (options.host() == null || options.host().isBlank()) {
            return "the API needs a host to listen on, e.g. 127.0.0.1";
        }
        if (RequestGuard.isLoopback(options.host()) || options.token() != null || options.insecure()) {
            return null;
        }
        return "refusing to listen on " + options.host() + " without a token: anyone who reaches it could start load."
                + " Set a token (--token or STAMPEDE_TOKEN), bind to 127.0.0.1, or pass --insecure to accept the risk";
    }

    /** Errors in the API's JSON shape, for unknown paths and for failures of any handler. */
    private static void errors(Router router, long bodyLimit) {
        router.errorHandler(404, ctx -> Responses.error(ctx, 404, "no such endpoint: " + ctx.request().method() + " "
                + ctx.request().path()));
        router.errorHandler(405, ctx -> Responses.error(ctx, 405, ctx.request().method() + " is not allowed on "
                + ctx.request().path()));
        router.errorHandler(413, ctx -> Responses.error(ctx, 413, "the body is larger than the " + bodyLimit / 1024
                + " KiB this coordinator accepts"));
        router.errorHandler(400, ctx -> Responses.error(ctx, 400, "bad request"));
        router.errorHandler(500, HttpApi::internalError);
    }

    private static void internalError(RoutingContext ctx) {
        // A bug of ours: logged with its stack trace, answered without one.
        LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
        Responses.json(ctx, 500, Map.of("error", "the coordinator failed to answer this request; its log says why"));
    }

    public int port() {
        return server.actualPort();
    }

    /** Stops listening; open feed streams are cut (their clients reconnect elsewhere or give up). */
    public Future<Void> close() {
        health.closing();
        return server.close();
    }
}
