package io.stampede.engine;

import io.stampede.protocol.ProtocolDriver;
import io.stampede.protocol.anthropic.AnthropicDriver;
import io.stampede.protocol.http.HttpChatDriver;
import io.stampede.protocol.http.HttpTransport;
import io.stampede.protocol.openai.OpenAiChatDriver;
import io.stampede.protocol.responses.ResponsesDriver;
import io.stampede.protocol.sse.SseDriver;
import io.stampede.protocol.sse.StreamExchange;
import io.stampede.protocol.vercel.VercelUiDriver;
import io.stampede.protocol.websocket.WebSocketDriver;
import io.stampede.scenario.Target;
import io.vertx.core.Vertx;

/**
 * The registry of protocol drivers, where the engine chooses one per lane: a new protocol is one
 * driver class plus one line here.
 */
public final class Protocols {
    private Protocols() {
    }

    /** A driver for the lane whose event loop runs {@code vertx}'s current context. */
    public static ProtocolDriver create(Vertx vertx, Target target, HttpTransport transport) {
        StreamExchange streams = new StreamExchange(transport);
        return switch (target.protocol()) {
            case HTTP -> new HttpChatDriver(transport, target.http());
            case OPENAI -> new OpenAiChatDriver(streams, target);
            case OPENAI_RESPONSES -> new ResponsesDriver(streams, target);
            case ANTHROPIC -> new AnthropicDriver(streams, target);
            case VERCEL_UI -> new VercelUiDriver(streams, target);
            case SSE -> new SseDriver(streams, target);
            case WEBSOCKET -> new WebSocketDriver(vertx, target);
        };
    }
}
