package io.stampede.protocol.websocket;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.stampede.json.Json;
import io.stampede.protocol.AgentResponse;
import io.stampede.protocol.ChatTurn;
import io.stampede.protocol.ProtocolDriver;
import io.stampede.protocol.ReplyPolicy;
import io.stampede.protocol.UserSession;
import io.stampede.protocol.http.Endpoint;
import io.stampede.protocol.http.HttpTransport;
import io.stampede.protocol.sse.EventReader;
import io.stampede.protocol.sse.GenericEvents;
import io.stampede.protocol.sse.StreamExchange;
import io.stampede.protocol.sse.StreamTurn;
import io.stampede.scenario.SendStep;
import io.stampede.scenario.Target;
import io.stampede.template.Template;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * The {@code websocket} protocol: a turn sends one text frame ({@code target.websocket.message},
 * a template) and collects the frames that come back until the end marker of
 * {@code target.stream} ({@code done_data}, or {@code done_path} found in a frame); frames are
 * read like SSE event data. A socket serves one conversation by default and is opened on its
 * first turn (the handshake carries the target headers, cookies and the turn's
 * {@code traceparent}); {@code connection: per_turn} opens one per turn.
 *
 * <p>A socket that closes or breaks mid-turn fails the turn, as does a frame over
 * {@link StreamExchange#MAX_EVENT_BYTES}; a turn of any length is read, its {@link StreamTurn}
 * keeping at most {@code target.max_reply_bytes} of its text; the engine's target timeout closes
 * the socket of a turn that never ends. One client per lane, used on its event loop only.
 */
public final class WebSocketDriver implements ProtocolDriver {
    private final WebSocketClient client;
    private final Target target;
    private final Endpoint endpoint;
    private final EventReader reader;
    private final ReplyPolicy replies;
    private final Map<Integer, Connection> connections = new HashMap<>();

    public WebSocketDriver(Vertx vertx, Target target) {
        this.target = target;
        this.endpoint = Endpoint.parse(target.baseUrl());
        this.reader = new GenericEvents(target.stream(), false);
        this.replies = ReplyPolicy.of(target);
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, target.timeout().toMillis());
        WebSocketClientOptions options = new WebSocketClientOptions()
                .setMaxConnections(Integer.MAX_VALUE)
                .setMaxMessageSize(StreamExchange.MAX_EVENT_BYTES)
                .setMaxFrameSize(StreamExchange.MAX_EVENT_BYTES)
                .setConnectTimeout(timeoutMs)
                .setTrustAll(true)
                .setVerifyHost(false);
        if (!target.sourceAddresses().isEmpty()) {
            options.setLocalAddress(target.sourceAddresses().get(0)); // one address per Vert.x client: the first
        }
        this.client = vertx.createWebSocketClient(options);
    }

    /** One user's socket and the turn it is serving, if any. */
    private final class Connection {
        final int userId;
        String conversationId;
        WebSocket socket;
        StreamTurn turn;
        Promise<AgentResponse> pending;
        String sentText;

        Connection(int userId, String conversationId) {
            this.userId = userId;
            this.conversationId = conversationId;
        }

        void attach(WebSocket ws) {
            socket = ws;
            ws.textMessageHandler(text -> onFrame(text.getBytes(StandardCharsets.UTF_8)));
            ws.binaryMessageHandler(buffer -> onFrame(buffer.getBytes()));
            ws.closeHandler(v -> onClosed("the socket closed"));
            ws.exceptionHandler(e -> onClosed("the socket broke: " + HttpTransport.describe(e)));
        }

        void onFrame(byte[] data) {
            long nanos = System.nanoTime();
            if (pending == null) {
                return; // nothing asked: a late frame of an earlier turn, or a server push
            }
            reader.onEvent(null, data, nanos, turn);
            if (turn.failed()) {
                finish(nanos);
                close();
            } else if (turn.isDone()) {
                finish(turn.doneNanos());
                if (target.websocket().perTurn()) {
                    close();
                }
            }
        }

        void onClosed(String why) {
            connections.remove(userId, this);
            if (pending != null) {
                long nanos = System.nanoTime();
                if (reader.requiresTerminal()) {
                    turn.fail(why + " before the end of the turn (" + reader.terminal() + ")");
                }
                finish(nanos);
            }
        }

        void finish(long endNanos) {
            Promise<AgentResponse> p = pending;
            pending = null;
            // A socket has no status per turn: a turn that worked is 200, so status checks read as for HTTP.
            p.tryComplete(turn.toResponse(200, endNanos, sentText));
        }

        void close() {
            connections.remove(userId, this);
            if (socket != null && !socket.isClosed()) {
                socket.close();
            }
        }
    }

    @Override
    public Future<AgentResponse> send(UserSession session, SendStep step, String message) {
        ChatTurn chat = new ChatTurn(session, message);
        Object frame = target.websocket().message().render(chat);
        String text = frame instanceof String s ? s : Json.text(frame);
        Connection conn = connections.get(session.userId());
        if (conn != null && (conn.socket == null || conn.socket.isClosed()
                || !conn.conversationId.equals(session.conversationId()))) {
            conn.close();
            conn = null;
        }
        Promise<AgentResponse> result = Promise.promise();
        Connection c = conn != null ? conn : new Connection(session.userId(), session.conversationId());
        c.turn = new StreamTurn(replies).budget(session.replies());
        c.pending = result;
        c.sentText = chat.sentText();
        session.inFlight(() -> {
            c.pending = null;
            c.close();
        });
        Future<Void> ready = conn != null ? Future.succeededFuture() : connect(session, c);
        ready.compose(v -> {
                    if (c.pending != result) {
                        return Future.succeededFuture(); // cancelled meanwhile
                    }
                    return c.socket.writeTextMessage(text);
                })
                .onFailure(e -> result.tryComplete(AgentResponse.failed(HttpTransport.describe(e), 0, null)));
        return result.future().map(r -> {
            if (r.conversationId() != null) {
                session.conversationId(r.conversationId());
                c.conversationId = r.conversationId(); // the same conversation, now under the server's id
            }
            chat.succeeded(r);
            return r;
        });
    }

    private Future<Void> connect(UserSession session, Connection c) {
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(endpoint.host()).setPort(endpoint.port()).setSsl(endpoint.ssl())
                .setURI(endpoint.uri(target.websocket().path()));
        for (Map.Entry<String, Template> e : target.headers().entrySet()) {
            options.putHeader(e.getKey(), e.getValue().render(session.variables()));
        }
        String cookie = session.cookieHeader(endpoint.host());
        if (cookie != null) {
            options.putHeader("cookie", cookie);
        }
        options.putHeader("traceparent", session.traceparent());
        connections.put(c.userId, c);
        return client.connect(options).map(ws -> {
            if (connections.get(c.userId) != c) {
                ws.close(); // the turn was cancelled while connecting
            } else {
                c.attach(ws);
            }
            return null;
        });
    }

    @Override
    public void conversationEnded(UserSession session) {
        Connection c = connections.remove(session.userId());
        if (c != null) {
            c.pending = null;
            c.close();
        }
    }

    @Override
    public Future<Void> close() {
        connections.values().forEach(c -> {
            if (c.socket != null) {
                c.socket.close();
            }
        });
        connections.clear();
        return client.close();
    }
}
