package io.stampede.protocol.sse;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stampede.check.Truncation;
import io.stampede.check.Usage;
import io.stampede.json.Json;
import io.stampede.protocol.AgentResponse;
import io.stampede.protocol.ChatTurn;
import io.stampede.protocol.ReplyPolicy;
import io.stampede.protocol.UserSession;
import io.stampede.scenario.Target;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/** What the model protocols' drivers share: turning an exchange's outcome into an {@link AgentResponse}. */
public final class ModelDrivers {
    private ModelDrivers() {
    }

    /**
     * Reads a non-streamed JSON answer; returns null when the driver does not know this shape.
     * Usage is the server's (null or not {@code reported} when it gave none: the turn's tokens
     * are then counted by {@link #plainResponse}).
     */
    @FunctionalInterface
    public interface PlainReader {
        AgentResponse read(int status, String text, Object json, long endNanos);
    }

    /**
     * The response of a streamed exchange: the turn's content, or the failure. A 2xx answer that
     * is JSON instead of a stream (a server that ignored {@code stream: true}) goes to
     * {@code plain}; other statuses keep (the start of) their body for {@code status} checks.
     */
    public static AgentResponse response(StreamExchange.Outcome outcome, StreamTurn turn, ChatTurn chat, PlainReader plain,
                                         ReplyPolicy replies) {
        if (outcome.error() != null) {
            return AgentResponse.failed(outcome.error(), outcome.status(), null);
        }
        if (outcome.streamed()) {
            return turn.toResponse(outcome.status(), outcome.endNanos(), chat.sentText());
        }
        return plainResponse(outcome.status(), outcome.plainBody(), outcome.plainLength(), outcome.endNanos(), plain,
                replies, chat.sentText());
    }

    /**
     * A non-streamed answer of {@code length} bytes, {@code body} being what was kept of it:
     * parsed by {@code plain} when 2xx, else kept as it came for the checks. A 2xx answer longer
     * than {@code target.max_reply_bytes} fails: its JSON cannot be read from its start alone.
     * Tokens the server did not report are counted from {@code sentText} and the reply.
     */
    public static AgentResponse plainResponse(int status, Buffer body, long length, long endNanos, PlainReader plain,
                                              ReplyPolicy replies, String sentText) {
        String text = ReplyPolicy.text(body);
        Truncation cut = replies.truncation(body == null ? 0 : body.length(), length);
        if (cut != null) {
            return new AgentResponse(status, text, null, null, null, List.of(), Usage.NONE, null, List.of(), null, -1,
                    endNanos, status / 100 == 2 ? replies.jsonTooLong() : null, null, cut);
        }
        Object json = null;
        try {
            json = text.isEmpty() ? null : Json.parse(body.getBytes());
        } catch (IllegalArgumentException e) {
            if (status / 100 == 2) {
                return new AgentResponse(status, text, null, null, null, List.of(), Usage.NONE, null,
                        List.of(), null, -1, endNanos, "response is not JSON: " + e.getMessage());
            }
        }
        if (status / 100 == 2) {
            if (json instanceof Map<?, ?> map && map.get("error") != null) {
                return new AgentResponse(status, text, json, null, null, List.of(), Usage.NONE, null,
                        List.of(), null, -1, endNanos, "error in a " + status + " answer: " + errorText(map.get("error")));
            }
            AgentResponse parsed = plain.read(status, text, json, endNanos);
            if (parsed != null) {
                return counted(parsed, replies, sentText);
            }
        }
        return new AgentResponse(status, text, json, null, null, List.of(), Usage.NONE, null, List.of(),
                null, -1, endNanos, null);
    }

    /** The response with its tokens counted when the server reported none and there is a reply to count. */
    private static AgentResponse counted(AgentResponse r, ReplyPolicy replies, String sentText) {
        if (r.reply() == null || r.usage() != null && r.usage().reported()) {
            return r;
        }
        return r.withUsage(new Usage(replies.count(sentText), replies.count(r.reply()), 0, 0, false));
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
        ReplyPolicy replies = exchange.transport().replies();
        if (target.streaming()) {
            StreamTurn turn = exchange.newTurn();
            response = exchange.send(session, method, path, headers, body, events, turn)
                    .map(outcome -> response(outcome, turn, chat, plain, replies));
        } else {
            response = exchange.transport().exchange(session, method, path, headers, body, "application/json")
                    .map(raw -> raw.error() != null ? AgentResponse.failed(raw.error(), raw.status(), null)
                            : plainResponse(raw.status(), raw.body(), raw.length(), raw.endNanos(), plain, replies,
                                    chat.sentText()));
        }
        return response.map(r -> {
            chat.succeeded(r);
            return r;
        });
    }

    /** For protocols that only stream: a 2xx JSON answer is a failed step saying what came instead. */
    public static PlainReader notAStream(String expected) {
        return (status, text, json, end) -> new AgentResponse(status, text, json, null, null, List.of(),
                Usage.NONE, null, List.of(), null, -1, end, "expected " + expected + ", got a JSON answer");
    }

    /** The message of an error object ({@code {"message": ...}}) or value, short. */
    public static String errorText(Object error) {
        Object message = error instanceof Map<?, ?> m ? (m.get("message") != null ? m.get("message")
                : m.get("errorText") != null ? m.get("errorText") : m) : error;
        String text = message instanceof String s ? s : Json.text(message);
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
