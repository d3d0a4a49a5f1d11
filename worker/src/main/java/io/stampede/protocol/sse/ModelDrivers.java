package io.stampede.protocol.sse;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import io.stampede.check.Usage;
import io.stampede.json.Json;
import io.stampede.protocol.AgentResponse;
import io.stampede.protocol.ChatTurn;
import io.stampede.protocol.UserSession;
import io.stampede.scenario.Target;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/** What the model protocols' drivers share: turning an exchange's outcome into an {@link AgentResponse}. */
public final class ModelDrivers {
    private ModelDrivers() {
    }

    /** Reads a non-streamed JSON answer; returns null when the driver does not know this shape. */
    @FunctionalInterface
    public interface PlainReader {
        AgentResponse read(int status, String text, Object json, long endNanos);
    }

    /**
     * The response of a streamed exchange: the turn's content, or the failure. A 2xx answer that
     * is JSON instead of a stream (a server that ignored {@code stream: true}) goes to
     * {@code plain}; other statuses keep their body for {@code status} checks.
     */
    public static AgentResponse response(StreamExchange.Outcome outcome, StreamTurn turn, ChatTurn chat, PlainReader plain) {
        if (outcome.error() != null) {
            return AgentResponse.failed(outcome.error(), outcome.status(), null);
        }
        if (outcome.streamed()) {
            return turn.toResponse(outcome.status(), outcome.endNanos(), chat.sentText());
        }
        return plainResponse(outcome.status(), outcome.plainBody(), outcome.endNanos(), plain);
    }

    /** A whole (non-streamed) answer: parsed by {@code plain} when 2xx, else kept as it came for the checks. */
    public static AgentResponse plainResponse(int status, Buffer body, long endNanos, PlainReader plain) {
        String text = body == null ? "" : body.toString();
        Object json = null;
        try {
            json = text.isEmpty() ? null : Json.parse(body.getBytes());
        } catch (IllegalArgumentException e) {
            if (status / 100 == 2) {
                return new AgentResponse(status, text, null, null, null, java.util.List.of(), Usage.NONE, null,
                        java.util.List.of(), null, -1, endNanos, "response is not JSON: " + e.getMessage());
            }
        }
        if (status / 100 == 2) {
            if (json instanceof java.util.Map<?, ?> map && map.get("error") != null) {
                return new AgentResponse(status, text, json, null, null, java.util.List.of(), Usage.NONE, null,
                        java.util.List.of(), null, -1, endNanos, "error in a " + status + " answer: " + errorText(map.get("error")));
            }
            AgentResponse parsed = plain.read(status, text, json, endNanos);
            if (parsed != null) {
                return parsed;
            }
        }
        return new AgentResponse(status, text, json, null, null, java.util.List.of(), Usage.NONE, null, java.util.List.of(),
                null, -1, endNanos, null);
    }

    /** The start of a model API request: {@code model} when the target names one. */
    public static Map<String, Object> fieldsWithModel(Target target) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (target.model() != null) {
            fields.put("model", target.model());
        }
        return fields;
    }

    /**
     * The extra headers of a driver's requests, made once per driver: {@code extra}, and when
     * the target streams, {@code accept: text/event-stream}.
     */
    public static Map<String, String> requestHeaders(Target target, Map<String, String> extra) {
        if (!target.streaming()) {
            return extra;
        }
        Map<String, String> headers = new HashMap<>(extra);
        headers.put("accept", "text/event-stream");
        return Map.copyOf(headers);
    }

    /**
     * Sends one turn of a model API, streamed ({@code events} read the stream) or as one JSON
     * answer ({@code plain} reads it), and adds the turn to the conversation when it succeeded.
     *
     * @param headers extra headers of the request, from {@link #requestHeaders}
     */
    public static Future<AgentResponse> send(StreamExchange exchange, UserSession session, Target target, ChatTurn chat,
                                             Map<String, Object> fields, Map<String, String> headers, EventReader events,
                                             PlainReader plain) {
        Buffer body = Buffer.buffer(ChatTurn.json(chat.body(target.http().body(), fields)));
        HttpMethod method = HttpMethod.valueOf(target.http().method());
        String path = target.http().path();
        Future<AgentResponse> response;
        if (target.streaming()) {
            StreamTurn turn = new StreamTurn();
            response = exchange.send(session, method, path, headers, body, events, turn)
                    .map(outcome -> response(outcome, turn, chat, plain));
        } else {
            response = exchange.transport().exchange(session, method, path, headers, body, "application/json")
                    .map(raw -> raw.error() != null ? AgentResponse.failed(raw.error(), raw.status(), null)
                            : plainResponse(raw.status(), raw.body(), raw.endNanos(), plain));
        }
        return response.map(r -> {
            chat.succeeded(r);
            return r;
        });
    }

    /** For protocols that only stream: a 2xx JSON answer is a failed step saying what came instead. */
    public static PlainReader notAStream(String expected) {
        return (status, text, json, end) -> new AgentResponse(status, text, json, null, null, java.util.List.of(),
                Usage.NONE, null, java.util.List.of(), null, -1, end, "expected " + expected + ", got a JSON answer");
    }

    /** The message of an error object ({@code {"message": ...}}) or value, short. */
    public static String errorText(Object error) {
        Object message = error instanceof java.util.Map<?, ?> m ? (m.get("message") != null ? m.get("message")
                : m.get("errorText") != null ? m.get("errorText") : m) : error;
        String text = message instanceof String s ? s : Json.text(message);
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
