package io.stampede.demo;

import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * {@code GET /ws} upgraded to a WebSocket: each text frame is a chat turn, the same body as
 * {@code POST /chat} ({@code {"message": ..., "conversation_id": ..., "user_profile": ...}}),
 * remembered by conversation id; the answer streams back as {@link WebSocketFormat} frames.
 * A frame that is not a valid turn gets {@code {"error": {...}}} and the socket stays open.
 */
final class WebSocketEndpoint {
    private final Vertx vertx;
    private final ChatTurns turns;
    private final LatencyModel latency;

    /** Runs a /chat turn against the agent's memory, as {@code POST /chat} does. */
    interface ChatTurns {
        Turn take(ChatRequest request);

        String callId();
    }

    WebSocketEndpoint(Vertx vertx, ChatTurns turns, LatencyModel latency) {
        this.vertx = vertx;
        this.turns = turns;
        this.latency = latency;
    }

    void handle(ServerWebSocket socket) {
        socket.textMessageHandler(text -> onFrame(socket, text));
    }

    private void onFrame(ServerWebSocket socket, String text) {
        ChatRequest request;
        try {
            request = ChatRequest.from(new JsonObject(text));
        } catch (DecodeException | IllegalArgumentException e) {
            socket.writeTextMessage(error("invalid_request_error", e instanceof DecodeException
                    ? "a turn is a JSON object, e.g. {\"message\": \"where is my order?\"}" : e.getMessage()));
            return;
        }
        Turn turn = turns.take(request);
        if (turn.serverError()) {
            Delays.after(vertx, turn.latencyMs(), () -> {
                if (!socket.isClosed()) {
                    socket.writeTextMessage(Turn.serverErrorJson().encode());
                }
            });
            return;
        }
        new TurnStream(vertx, StreamSink.webSocket(socket), new WebSocketFormat(), latency, turn, turns.callId()).start();
    }

    private static String error(String type, String message) {
        return new JsonObject().put("error", new JsonObject().put("message", message).put("type", type)).encode();
    }
}
