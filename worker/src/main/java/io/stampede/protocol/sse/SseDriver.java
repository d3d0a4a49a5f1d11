package io.stampede.protocol.sse;

import java.util.Map;

import io.stampede.json.Json;
import io.stampede.protocol.AgentResponse;
import io.stampede.protocol.ChatTurn;
import io.stampede.protocol.ProtocolDriver;
import io.stampede.protocol.UserSession;
import io.stampede.scenario.SendStep;
import io.stampede.scenario.Target;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * The {@code sse} protocol: any agent that answers a turn with server-sent events. The
 * request is {@code target.request} as for http ({@code {{message}}} and {@code {{messages}}}
 * in the body); the events are read with {@code target.stream}'s JSON paths. A conversation id
 * found in an event is kept for the next turns, as the http protocol does.
 */
public final class SseDriver implements ProtocolDriver {
    private final StreamExchange exchange;
    private final Target target;
    private final HttpMethod method;
    private final GenericEvents events;

    public SseDriver(StreamExchange exchange, Target target) {
        this.exchange = exchange;
        this.target = target;
        this.method = HttpMethod.valueOf(target.http().method());
        this.events = new GenericEvents(target.stream(), true);
    }

    @Override
    public Future<AgentResponse> send(UserSession session, SendStep step, String message) {
        ChatTurn chat = new ChatTurn(session, message);
        Buffer body = method == HttpMethod.GET || method == HttpMethod.HEAD ? null
                : Buffer.buffer(Json.bytes(target.http().body().render(chat)));
        StreamTurn turn = exchange.newTurn();
        return exchange.send(session, method, target.http().path(), Map.of("accept", "text/event-stream"), body, events, turn)
                .map(outcome -> ModelDrivers.response(outcome, turn, chat,
                        ModelDrivers.notAStream("an event stream (text/event-stream)"), exchange.transport().replies()))
                .map(r -> {
                    if (r.conversationId() != null) {
                        session.conversationId(r.conversationId());
                    }
                    chat.succeeded(r);
                    return r;
                });
    }
}
