package io.stampede.demo;

import java.util.SplittableRandom;

import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /v1/chat/completions}: the same simulated agent behind the OpenAI
 * chat-completions API, plain or streamed ({@code "stream": true}), so scenarios using the
 * {@code openai} protocol (TTFT, inter-token latency) can run against it. Nothing is
 * remembered between requests: the messages are the conversation. Confined to the agent's
 * event loop.
 */
final class CompletionsEndpoint {
    private final Vertx vertx;
    private final TurnSimulator simulator;
    private final SplittableRandom random;
    private final IntentClassifier classifier = new IntentClassifier();

    CompletionsEndpoint(Vertx vertx, TurnSimulator simulator, SplittableRandom random) {
        this.vertx = vertx;
        this.simulator = simulator;
        this.random = random;
    }

    void handle(RoutingContext ctx) {
        CompletionRequest request;
        try {
            request = CompletionRequest.from(HttpJson.objectBody(ctx, false), classifier);
        } catch (IllegalArgumentException e) {
            HttpJson.sendError(ctx, 400, HttpJson.INVALID_REQUEST, e.getMessage());
            return;
        }
        Turn turn = simulator.simulate(request.message(), null, request.customerKey(), request.history());
        String id = "chatcmpl-" + Long.toHexString(random.nextLong());
        long created = System.currentTimeMillis() / 1000;
        if (turn.serverError()) {
            Delays.after(vertx, turn.latencyMs(), () -> HttpJson.send(ctx, 500, Turn.serverErrorJson()));
        } else if (request.stream()) {
            new CompletionStream(vertx, ctx.response(), turn, id, created, request.includeUsage()).start();
        } else {
            Delays.after(vertx, turn.latencyMs(), () -> HttpJson.send(ctx, 200, OpenAiJson.completion(id, created, turn)));
        }
    }
}
