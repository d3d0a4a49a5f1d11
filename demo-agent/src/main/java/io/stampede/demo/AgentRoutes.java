package io.stampede.demo;

import java.time.Instant;
import java.util.SplittableRandom;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The demo agent's HTTP endpoints. A chat turn is decided completely when its request
 * arrives (classification, tool call, reply, trace, memory update) and then answered by one
 * timer after the simulated latency, so thousands of open conversations cost only their
 * timers and no thread ever sleeps.
 *
 * <p>Threading: every handler and timer runs on the one event loop of the agent's verticle,
 * which is what lets memory, simulator and the seeded random source go without locks.
 */
final class AgentRoutes {
    private static final System.Logger LOG = System.getLogger(AgentRoutes.class.getName());
    private static final long MAX_BODY_BYTES = 1 << 20;
    private static final String ENDPOINTS = "POST /chat, POST /v1/chat/completions, POST /v1/responses, POST /v1/messages,"
            + " POST /api/chat, GET /ws (WebSocket), POST /tools/{name}, GET /orders/{id}, GET /health";

    private final Vertx vertx;
    private final SplittableRandom random;
    private final LatencyModel latency;
    /** A request header that sets the degradation threshold for that turn ({@link Degradation}). */
    static final String DEGRADE_HEADER = "X-Demo-Degrade-Above";
    private final ConversationMemory memory;
    private final TurnSimulator simulator;
    private final ModelEndpoints models;
    private final WebSocketEndpoint webSockets;
    /** The OpenTelemetry mode's spans, or null when the agent reports trace arrays. */
    private final TurnSpans spans;

    AgentRoutes(Vertx vertx, DemoAgentOptions options) {
        this.vertx = vertx;
        this.random = new SplittableRandom(options.getSeed());
        this.latency = new LatencyModel(options.getLatencyScale(), options.getMsPerToken());
        this.memory = new ConversationMemory(options.getMaxConversations());
        this.simulator = new TurnSimulator(latency, random, options.getErrorRate(), new Degradation(vertx, options.getSeed()),
                options.getDegradeAbove());
        this.models = new ModelEndpoints(vertx, simulator, latency, random);
        this.spans = options.getOtlpEndpoint() == null ? null : new TurnSpans(options.getOtlpEndpoint());
        this.webSockets = new WebSocketEndpoint(vertx, new WebSocketEndpoint.ChatTurns() {
            @Override
            public Turn take(ChatRequest request) {
                return chatTurn(request);
            }

            @Override
            public String callId() {
                return "call_" + Long.toHexString(random.nextLong());
            }
        }, latency);
    }

    Router router() {
        Router router = Router.router(vertx);
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
        router.post("/chat").handler(bodies).handler(this::handleChat);
        router.post("/tools/:name").handler(bodies).handler(this::handleTool);
        router.post("/v1/chat/completions").handler(bodies).handler(models::completions);
        router.post("/v1/responses").handler(bodies).handler(models::responses);
        router.post("/v1/messages").handler(bodies).handler(models::messages);
        router.post("/api/chat").handler(bodies).handler(models::uiChat);
        router.get("/ws").handler(this::handleWebSocket);
        router.get("/orders/:id").handler(this::handleOrder);
        router.get("/health").handler(this::handleHealth);
        router.errorHandler(400, ctx -> HttpJson.sendError(ctx, 400, HttpJson.INVALID_REQUEST, "bad request"));
        router.errorHandler(404, ctx -> HttpJson.sendError(ctx, 404, HttpJson.NOT_FOUND,
                "no endpoint " + ctx.request().method() + " " + ctx.request().path() + "; endpoints: " + ENDPOINTS));
        router.errorHandler(405, ctx -> HttpJson.sendError(ctx, 405, HttpJson.INVALID_REQUEST,
                "method " + ctx.request().method() + " not allowed on " + ctx.request().path()));
        router.errorHandler(413, ctx -> HttpJson.sendError(ctx, 413, HttpJson.INVALID_REQUEST,
                "request body larger than " + MAX_BODY_BYTES + " bytes"));
        router.errorHandler(500, this::handleFailure);
        return router;
    }

    private void handleChat(RoutingContext ctx) {
        ChatRequest request;
        try {
            request = ChatRequest.from(HttpJson.objectBody(ctx, false));
        } catch (IllegalArgumentException e) {
            HttpJson.sendError(ctx, 400, HttpJson.INVALID_REQUEST, e.getMessage());
            return;
        }
        Turn turn = chatTurn(request, degradeAbove(ctx));
        Instant arrived = Instant.now();
        if (turn.serverError()) {
            Delays.after(vertx, turn.latencyMs(), () -> {
                traced(turn, ctx, arrived);
                HttpJson.send(ctx, 500, Turn.serverErrorJson());
            });
            return;
        }
        Delays.after(vertx, turn.latencyMs(), () -> {
            JsonObject body = turn.toChatJson();
            if (spans != null) {
                body.remove("trace"); // the spans say it instead
            }
            traced(turn, ctx, arrived);
            HttpJson.send(ctx, 200, body);
        });
    }

    private void traced(Turn turn, RoutingContext ctx, Instant arrived) {
        if (spans != null) {
            spans.emit(turn, ctx.request(), arrived);
        }
    }

    /** Exports the spans still queued (OpenTelemetry mode). */
    void close() {
        if (spans != null) {
            spans.close();
        }
    }

    /** A turn of a remembered conversation ({@code /chat} and {@code /ws}); the memory is updated unless it failed. */
    private Turn chatTurn(ChatRequest request) {
        return chatTurn(request, null);
    }

    /** {@code X-Demo-Degrade-Above}: a scenario's own degradation threshold (turns in flight; 0 off), or null. */
    static Integer degradeAbove(RoutingContext ctx) {
        String header = ctx.request().getHeader(DEGRADE_HEADER);
        if (header == null) {
            return null;
        }
        try {
            return Math.max(0, Integer.parseInt(header.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Turn chatTurn(ChatRequest request, Integer degradeAbove) {
        Conversation existing = memory.find(request.conversationId());
        String id = existing != null ? existing.id()
                : request.conversationId() != null ? request.conversationId()
                : newConversationId();
        Turn turn = simulator.simulate(request.message(), request.userProfile(), id,
                existing == null ? History.NONE : existing.history(), degradeAbove);
        if (!turn.serverError()) {
            Conversation conversation = existing != null ? existing : memory.create(id);
            conversation.recordTurn(turn.intent(), turn.historyTokensAdded());
        }
        return turn;
    }

    /** {@code GET /ws}: chat turns over a WebSocket. */
    private void handleWebSocket(RoutingContext ctx) {
        if (!ctx.request().canUpgradeToWebSocket()) {
            HttpJson.sendError(ctx, 400, HttpJson.INVALID_REQUEST, "GET /ws is a WebSocket: connect with ws://host:port/ws");
            return;
        }
        ctx.request().toWebSocket().onSuccess(webSockets::handle);
    }

    private void handleTool(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        Tools.Tool tool = Tools.find(name);
        if (tool == null) {
            HttpJson.sendError(ctx, 404, HttpJson.NOT_FOUND,
                    "unknown tool '" + name + "'; tools: " + String.join(", ", Tools.names()));
            return;
        }
        JsonObject result;
        try {
            result = tool.call(HttpJson.objectBody(ctx, true));
        } catch (IllegalArgumentException e) {
            HttpJson.sendError(ctx, 400, HttpJson.INVALID_REQUEST, "tool " + name + ": " + e.getMessage());
            return;
        }
        double latencyMs = latency.sample(tool.latency(), random);
        JsonObject body = new JsonObject().put("tool", name).put("result", result).put("latency_ms", latencyMs);
        Delays.after(vertx, latencyMs, () -> HttpJson.send(ctx, 200, body));
    }

    private void handleOrder(RoutingContext ctx) {
        HttpJson.send(ctx, 200, Orders.lookup(ctx.pathParam("id")).toJson());
    }

    private void handleHealth(RoutingContext ctx) {
        HttpJson.send(ctx, 200, new JsonObject().put("status", "up").put("conversations", memory.size()));
    }

    private void handleFailure(RoutingContext ctx) {
        LOG.log(System.Logger.Level.ERROR, "demo agent failed on " + ctx.request().path(), ctx.failure());
        HttpJson.sendError(ctx, 500, "server_error", "internal error in the demo agent");
    }

    private String newConversationId() {
        return "c-" + Long.toHexString(random.nextLong());
    }
}
