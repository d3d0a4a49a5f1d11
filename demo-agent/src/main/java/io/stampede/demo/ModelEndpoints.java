package io.stampede.demo;

import java.util.SplittableRandom;

import io.stampede.tokens.TokenEstimator;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The same simulated agent behind the model APIs agents are built on, so every streaming
 * protocol of Stampede has a server to run against:
 * <ul>
 * <li>{@code POST /v1/chat/completions}: OpenAI chat completions, plain or streamed;</li>
 * <li>{@code POST /v1/responses}: OpenAI Responses, plain or streamed;</li>
 * <li>{@code POST /v1/messages}: Anthropic Messages, plain or streamed;</li>
 * <li>{@code POST /api/chat}: a Vercel AI SDK chat route (UI message stream).</li>
 * </ul>
 * Nothing is remembered between requests: the messages are the conversation, rebuilt by
 * {@link CompletionRequest}. Streams are paced by {@link TurnStream}. Confined to the agent's
 * event loop.
 */
final class ModelEndpoints {
    private final Vertx vertx;
    private final TurnSimulator simulator;
    private final LatencyModel latency;
    private final SplittableRandom random;
    private final IntentClassifier classifier = new IntentClassifier();

    ModelEndpoints(Vertx vertx, TurnSimulator simulator, LatencyModel latency, SplittableRandom random) {
        this.vertx = vertx;
        this.simulator = simulator;
        this.latency = latency;
        this.random = random;
    }

    void completions(RoutingContext ctx) {
        JsonObject raw;
        try {
            raw = HttpJson.objectBody(ctx, true);
        } catch (IllegalArgumentException e) {
            raw = null; // handle() answers the 400
        }
        if (raw != null && HelperModels.isHelper(raw.getValue("model")) && raw.getValue("messages") instanceof JsonArray messages) {
            helper(ctx, raw.getString("model"), messages, Boolean.TRUE.equals(raw.getValue("stream")));
            return;
        }
        handle(ctx, body -> body, (turn, request) -> {
            String id = "chatcmpl-" + Long.toHexString(random.nextLong());
            long created = System.currentTimeMillis() / 1000;
            if (request.stream()) {
                stream(ctx, turn, new OpenAiStreamFormat(id, created, request.includeUsage()));
            } else {
                Delays.after(vertx, turn.latencyMs(), () -> HttpJson.send(ctx, 200, OpenAiJson.completion(id, created, turn)));
            }
        });
    }

    void messages(RoutingContext ctx) {
        handle(ctx, body -> body, (turn, request) -> {
            String id = "msg_" + Long.toHexString(random.nextLong());
            if (request.stream()) {
                stream(ctx, turn, new AnthropicFormat(id));
            } else {
                String callId = callId();
                Delays.after(vertx, turn.latencyMs(), () -> HttpJson.send(ctx, 200, AnthropicFormat.message(id, turn, callId)));
            }
        });
    }

    void responses(RoutingContext ctx) {
        handle(ctx, ModelEndpoints::inputAsMessages, (turn, request) -> {
            String id = "resp_" + Long.toHexString(random.nextLong());
            if (request.stream()) {
                stream(ctx, turn, new ResponsesFormat(id));
            } else {
                Delays.after(vertx, turn.latencyMs(), () -> HttpJson.send(ctx, 200, responseObject(id, turn)));
            }
        });
    }

    void uiChat(RoutingContext ctx) {
        handle(ctx, ModelEndpoints::uiMessagesAsMessages, (turn, request) ->
                stream(ctx, turn, new VercelUiFormat("msg-" + Long.toHexString(random.nextLong()))));
    }

    /** The simulated user's or the judge's answer ({@link HelperModels}), after a few milliseconds like a small model. */
    private void helper(RoutingContext ctx, String model, JsonArray messages, boolean stream) {
        String reply = HelperModels.answer(model, messages);
        int input = TokenEstimator.estimate(messages.encode());
        int output = TokenEstimator.estimate(reply);
        String id = "chatcmpl-" + Long.toHexString(random.nextLong());
        long created = System.currentTimeMillis() / 1000;
        JsonObject usage = new JsonObject().put("prompt_tokens", input).put("completion_tokens", output)
                .put("total_tokens", input + output);
        Delays.after(vertx, 5 + output / 10.0, () -> {
            if (!stream) {
                HttpJson.send(ctx, 200, new JsonObject().put("id", id).put("object", "chat.completion").put("created", created)
                        .put("model", model).put("choices", new JsonArray().add(new JsonObject().put("index", 0)
                                .put("message", new JsonObject().put("role", "assistant").put("content", reply))
                                .put("finish_reason", "stop")))
                        .put("usage", usage));
                return;
            }
            JsonObject chunk = new JsonObject().put("id", id).put("object", "chat.completion.chunk").put("created", created)
                    .put("model", model);
            ctx.response().putHeader("content-type", "text/event-stream").setChunked(true);
            ctx.response().write("data: " + chunk.copy().put("choices", new JsonArray().add(new JsonObject().put("index", 0)
                    .put("delta", new JsonObject().put("role", "assistant").put("content", reply)))).encode() + "\n\n");
            ctx.response().write("data: " + chunk.copy().put("choices", new JsonArray().add(new JsonObject().put("index", 0)
                    .put("delta", new JsonObject()).put("finish_reason", "stop"))).encode() + "\n\n");
            ctx.response().write("data: " + chunk.copy().put("choices", new JsonArray()).put("usage", usage).encode() + "\n\n");
            ctx.response().end("data: [DONE]\n\n");
        });
    }

    private interface Answer {
        void send(Turn turn, CompletionRequest request);
    }

    private void handle(RoutingContext ctx, java.util.function.UnaryOperator<JsonObject> normalize, Answer answer) {
        CompletionRequest request;
        JsonObject body;
        try {
            body = normalize.apply(HttpJson.objectBody(ctx, false));
            request = CompletionRequest.from(body, classifier);
        } catch (IllegalArgumentException e) {
            HttpJson.sendError(ctx, 400, HttpJson.INVALID_REQUEST, e.getMessage());
            return;
        }
        Turn turn = OutputLength.apply(simulator.simulate(request.message(), null, request.customerKey(), request.history(),
                AgentRoutes.degradeAbove(ctx)), body);
        if (turn.serverError()) {
            Delays.after(vertx, turn.latencyMs(), () -> HttpJson.send(ctx, 500, Turn.serverErrorJson()));
            return;
        }
        answer.send(turn, request);
    }

    private void stream(RoutingContext ctx, Turn turn, StreamFormat format) {
        new TurnStream(vertx, StreamSink.sse(ctx.response()), format, latency, turn, callId()).start();
    }

    private String callId() {
        return "call_" + Long.toHexString(random.nextLong());
    }

    /** Responses: {@code input} is a text or a list of messages; it becomes {@code messages}. */
    private static JsonObject inputAsMessages(JsonObject body) {
        Object input = body.getValue("input");
        JsonArray messages = input instanceof String text
                ? new JsonArray().add(new JsonObject().put("role", "user").put("content", text))
                : input instanceof JsonArray list ? list : null;
        return body.copy().put("messages", messages);
    }

    /** AI SDK UI messages carry {@code parts}; they become role/content messages. */
    private static JsonObject uiMessagesAsMessages(JsonObject body) {
        JsonObject copy = body.copy();
        if (copy.getValue("messages") instanceof JsonArray messages) {
            JsonArray out = new JsonArray();
            for (Object m : messages) {
                if (m instanceof JsonObject message) {
                    out.add(new JsonObject().put("role", message.getValue("role")).put("content", message.getValue("parts")));
                } else {
                    out.add(m);
                }
            }
            copy.put("messages", out);
        }
        return copy.put("stream", true);
    }

    private static JsonObject responseObject(String id, Turn turn) {
        JsonArray output = new JsonArray();
        if (!turn.toolsCalled().isEmpty()) {
            JsonObject call = turn.toolsCalled().getJsonObject(0);
            output.add(new JsonObject().put("type", "function_call").put("name", call.getString("name"))
                    .put("arguments", call.getJsonObject("args", new JsonObject()).encode()).put("status", "completed"));
        }
        output.add(new JsonObject().put("type", "message").put("role", "assistant").put("status", "completed")
                .put("content", new JsonArray().add(new JsonObject().put("type", "output_text").put("text", turn.reply()))));
        return new JsonObject().put("id", id).put("object", "response").put("status", "completed").put("model", Turn.MODEL)
                .put("output", output).put("usage", new JsonObject().put("input_tokens", turn.inputTokens())
                        .put("output_tokens", turn.outputTokens()).put("total_tokens", turn.inputTokens() + turn.outputTokens()));
    }
}
