package io.stampede.demo;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * A simulated customer-support AI agent to point load tests at: it classifies intents in
 * Chinese and English, remembers conversations, calls tools, and answers with a node-level
 * trace after a realistic, seeded latency. See {@link DemoAgentOptions} for the knobs.
 *
 * <p>Endpoints: {@code POST /chat} (the agent's own JSON API, conversations remembered by id),
 * {@code GET /ws} (the same turns over a WebSocket, streamed as JSON frames),
 * {@code POST /v1/chat/completions}, {@code POST /v1/responses}, {@code POST /v1/messages} and
 * {@code POST /api/chat} (the same agent behind the OpenAI chat, OpenAI Responses, Anthropic
 * Messages and Vercel AI SDK UI stream APIs, plain or streamed, at a configurable token pace),
 * {@code POST /tools/{name}}, {@code GET /orders/{id}} and {@code GET /health}. Errors are
 * always {@code {"error": {"message": ..., "type": ...}}}.
 *
 * <p>Runs as one verticle, so all of its state lives on one event loop and needs no locks;
 * that loop spends microseconds per turn, the rest is timers. {@link #start} may be called
 * from any thread; the returned agent is safe to share.
 */
public final class DemoAgent {
    private final Vertx vertx;
    private final String deploymentId;
    private final int port;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private DemoAgent(Vertx vertx, String deploymentId, int port) {
        this.vertx = vertx;
        this.deploymentId = deploymentId;
        this.port = port;
    }

    /** Starts an agent; the future fails when the port cannot be bound. */
    public static Future<DemoAgent> start(Vertx vertx, DemoAgentOptions options) {
        Objects.requireNonNull(vertx, "vertx");
        ServerVerticle verticle = new ServerVerticle(new DemoAgentOptions(Objects.requireNonNull(options, "options")));
        return vertx.deployVerticle(verticle).map(id -> new DemoAgent(vertx, id, verticle.port));
    }

    /** The port actually bound (the ephemeral one when the options asked for port 0). */
    public int port() {
        return port;
    }

    /** Closes the server; open requests are dropped. Calling it again does nothing. */
    public Future<Void> stop() {
        if (!stopped.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        return vertx.undeploy(deploymentId);
    }

    private static final class ServerVerticle extends VerticleBase {
        private final DemoAgentOptions options;
        private AgentRoutes routes;
        private volatile int port;

        ServerVerticle(DemoAgentOptions options) {
            this.options = options;
        }

        @Override
        public Future<?> start() {
            HttpServer server = vertx.createHttpServer(new HttpServerOptions().setAcceptBacklog(4096));
            routes = new AgentRoutes(vertx, options);
            return server.requestHandler(routes.router())
                    .listen(options.getPort(), options.getHost())
                    .onSuccess(bound -> port = bound.actualPort());
        }

        @Override
        public Future<?> stop() {
            // The exporter's last batch may take a moment: not on the event loop.
            return vertx.executeBlocking(() -> {
                routes.close();
                return null;
            });
        }
    }
}
