package io.stampede.protocol.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.function.BooleanSupplier;

import javax.net.ssl.SSLException;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.NetUtil;
import io.stampede.protocol.UserSession;
import io.stampede.protocol.http.HttpTransport.Raw;
import io.stampede.template.Template;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;

/**
 * The lean HTTP/1.1 client of one lane, for the exchanges with the target's endpoint, plain
 * (request and whole answer) and streamed (server-sent events read as they arrive): each
 * virtual user owns one keep-alive connection ({@link Http1Connection}), as with
 * wrk or Gatling, and the channels run on the lane's own event loop. A request therefore takes
 * no pool, no lock, no hop between threads and no per-connection Vert.x context; it is one
 * buffer written ({@link RequestEncoder}) and the answer's bytes read by the user's connection
 * ({@link ResponseParser}): a channel's pipeline is that connection alone (after TLS).
 *
 * <p>What the connections share is here: the event loop, connect settings (the connect timeout
 * is the target timeout), TLS (trust-all, like the Vert.x client it replaces) and the request
 * bytes that are the same for every request. WebSockets, and absolute URLs, stay on the Vert.x
 * client.
 *
 * <p>Threading: created on the lane's context and used from its event loop only; answers reach
 * the users with that context current, so their timers and futures stay on it.
 * {@link #close} closes every channel still open (a lane that stops leaves no socket behind).
 *
 * <p>Why one class of this length: it is what every connection calls back into on the hot path
 * (event loop, TLS, request bytes, the lane's send gate, the open and spare connections), and the
 * preconnect fills the same spare list under the same closed flag; split, those fields would have
 * to be opened up to another class.
 */
public final class Http1Client {
    private final ContextInternal context;
    private final Endpoint endpoint;
    private final RequestEncoder encoder;
    private final Bootstrap bootstrap;
    private final SocketAddress address;
    private final SslContext ssl;
    private final int timeoutMs;
    /** The line buffer of this lane's response parsers (one event loop: they never run at once). */
    private final byte[] lineScratch = ResponseParser.scratch();
    /** The connections of users still running, and the spare ones: a list through the connections. */
    private Http1Connection first;
    /**
     * Connections of users that ended, at rest, for users that start later (open model, stages,
     * redistributed users): taken over instead of reconnecting, as k6 reuses a VU's connections,
     * so a stream of arrivals does not leave a TIME_WAIT socket each.
     */
    private final ArrayDeque<Http1Connection> spare = new ArrayDeque<>();
    private boolean closed;
    /** Whether a request may go out now (the lane's lease); asked again before a keep-alive resend. */
    private BooleanSupplier sendAllowed = () -> true;

    /**
     * @param context   the lane's context (an event-loop context)
     * @param headers   the target's headers, rendered per user
     * @param timeoutMs the target timeout, also the connect timeout
     */
    public Http1Client(Context context, Endpoint endpoint, Map<String, Template> headers, long timeoutMs) {
        this.context = (ContextInternal) context;
        this.endpoint = endpoint;
        this.encoder = new RequestEncoder(endpoint, headers);
        this.timeoutMs = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeoutMs));
        this.ssl = endpoint.ssl() ? trustAll() : null;
        VertxInternal vertx = this.context.owner();
        this.bootstrap = new Bootstrap()
                .group(this.context.nettyEventLoop())
                .channelFactory(vertx.transport().channelFactory(false))
                .resolver(vertx.nameResolver().nettyAddressResolverGroup())
                .option(ChannelOption.TCP_NODELAY, true)
                // One allocator for all the lane's channels (each still sizes its reads itself).
                .option(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, this.timeoutMs);
        // An IP address needs no resolver; a name is resolved per connect by Vert.x's resolver (never blocking).
        String host = endpoint.host();
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        this.address = NetUtil.isValidIpV4Address(literal) || NetUtil.isValidIpV6Address(literal)
                ? new InetSocketAddress(NetUtil.createInetAddressFromIpAddressString(literal), endpoint.port())
                : InetSocketAddress.createUnresolved(host, endpoint.port());
    }

    private static SslContext trustAll() {
        try {
            return SslContextBuilder.forClient()
                    .trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .endpointIdentificationAlgorithm(null)
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** The lane's right to send: a request resent after a keep-alive race is a new request to the target. */
    public void sendGate(BooleanSupplier allowed) {
        this.sendAllowed = allowed;
    }

    boolean maySend() {
        return sendAllowed.getAsBoolean();
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /**
     * One exchange on the user's own connection, opened first if it has none; the future always
     * succeeds (a failure is a {@link Raw} with an error).
     *
     * @param path relative to the endpoint's base path
     * @param keep bytes of a 2xx body to keep (see {@link HttpTransport#exchange}); the rest is read and counted
     */
    public Future<Raw> exchange(UserSession session, HttpMethod method, String path, Map<String, String> extraHeaders,
                                Buffer body, String contentType, int keep) {
        Http1Connection connection = connection(session);
        if (connection == null) {
            return Future.succeededFuture(new Raw(0, null, null, System.nanoTime(), CLOSED));
        }
        return connection.exchange(session, method, path, extraHeaders, body, contentType, keep);
    }

    /**
     * A streamed exchange on the user's own connection, its answer handed to {@code listener} as
     * it arrives; a failure to send it is the listener's {@link BodyStream#onFailure}.
     *
     * @param path relative to the endpoint's base path
     */
    public void stream(UserSession session, HttpMethod method, String path, Map<String, String> extraHeaders,
                       Buffer body, String contentType, BodyStream listener) {
        Http1Connection connection = connection(session);
        if (connection == null) {
            listener.onFailure(CLOSED);
        } else {
            connection.stream(session, method, path, extraHeaders, body, contentType, listener);
        }
    }

    private static final String CLOSED = "the lane's HTTP client is closed";

    /**
     * Opens up to {@code count} connections before the users need them, at rest among the spare
     * ones, at most {@code inFlight} connects at a time: the users of the first seconds then
     * start on an open connection, as wrk's, Gatling's and Hyperfoil's do, instead of billing
     * a connect storm to the agent (thousands of SYNs at once overflow the target's backlog,
     * and a dropped SYN is retried a second later). Completes with the number opened when
     * every connect has ended; one that fails is left to its user, who connects itself.
     */
    public Future<Integer> preconnect(int count, int inFlight) {
        Promise<Integer> done = Promise.promise();
        new Preconnect(count, done).fill(Math.max(1, inFlight));
        return done.future();
    }

    /** The connects of {@link #preconnect}, started as earlier ones end. */
    private final class Preconnect {
        private int toStart;
        private int running;
        private int opened;
        private final Promise<Integer> done;

        Preconnect(int count, Promise<Integer> done) {
            this.toStart = Math.max(0, count);
            this.done = done;
        }

        void fill(int slots) {
            for (int i = 0; i < slots && toStart > 0 && !closed; i++) {
                toStart--;
                running++;
                Http1Connection connection = new Http1Connection(Http1Client.this);
                link(connection);
                connection.open().addListener(f -> ended(connection, f.isSuccess()));
            }
            if (running == 0) {
                done.tryComplete(opened);
            }
        }

        private void ended(Http1Connection connection, boolean ok) {
            running--;
            if (ok && !closed) {
                opened++;
                spare.push(connection);
            } else {
                connection.close();
            }
            fill(1);
        }
    }

    /** The user's connection, taken over or made on its first exchange; null once the client is closed. */
    private Http1Connection connection(UserSession session) {
        Http1Connection connection = session.connection() instanceof Http1Connection own ? own : null;
        if (connection == null) {
            if (closed) {
                return null;
            }
            connection = spare.poll();
            if (connection == null) {
                connection = new Http1Connection(this);
                link(connection);
            }
            session.connection(connection);
        }
        return connection;
    }

    /** Closes every connection still open; exchanges in flight fail. */
    public void close() {
        closed = true;
        spare.clear();
        while (first != null) {
            first.close(); // unlinks itself
        }
    }

    /** Connections open or spare (for tests and diagnostics). */
    int openConnections() {
        int n = 0;
        for (Http1Connection c = first; c != null; c = c.next) {
            n++;
        }
        return n;
    }

    // ---- for the connections

    String host() {
        return endpoint.host();
    }

    RequestEncoder encoder() {
        return encoder;
    }

    byte[] lineScratch() {
        return lineScratch;
    }

    ChannelFuture connect(Http1Connection connection) {
        ChannelHandler handler = ssl == null ? connection : new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel channel) {
                SslHandler tls = ssl.newHandler(channel.alloc(), endpoint.host(), endpoint.port());
                tls.setHandshakeTimeoutMillis(timeoutMs);
                channel.pipeline().addLast(tls, connection);
            }
        };
        return bootstrap.clone().handler(handler).connect(address);
    }

    /** Runs {@code action} on the lane's context after {@code ms}. */
    void setTimer(long ms, Runnable action) {
        context.setTimer(ms, id -> action.run());
    }

    /** Makes the lane's context current (for a stream's listener, called from Netty's callbacks); see {@link #leave}. */
    ContextInternal enter() {
        return context.beginDispatch();
    }

    void leave(ContextInternal previous) {
        context.endDispatch(previous);
    }

    /** Completes an exchange with the lane's context current, whatever Netty callback it ends in. */
    void deliver(Promise<Raw> result, Raw raw) {
        ContextInternal previous = context.beginDispatch();
        try {
            result.complete(raw);
        } finally {
            context.endDispatch(previous);
        }
    }

    /** A user ended with {@code connection} at rest: the next user of the lane takes it over. */
    void spare(Http1Connection connection) {
        if (closed) {
            connection.close();
        } else {
            spare.push(connection);
        }
    }

    private void link(Http1Connection connection) {
        connection.next = first;
        if (first != null) {
            first.prev = connection;
        }
        first = connection;
    }

    void forget(Http1Connection connection) {
        if (connection.prev != null) {
            connection.prev.next = connection.next;
        } else if (first == connection) {
            first = connection.next;
        }
        if (connection.next != null) {
            connection.next.prev = connection.prev;
        }
        connection.prev = null;
        connection.next = null;
    }
}
