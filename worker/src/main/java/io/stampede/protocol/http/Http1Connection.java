package io.stampede.protocol.http;

import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.stampede.protocol.UserConnection;
import io.stampede.protocol.UserSession;
import io.stampede.protocol.http.HttpTransport.Raw;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * One virtual user's connection to the target: at most one keep-alive channel at a time,
 * opened on the user's first request, opened again when the server closed it, and one exchange
 * in flight on it. When its user ends normally it passes, at rest, to the lane's next new user
 * ({@link #release}). Its state is the exchange's state, reused request after request, so an
 * exchange allocates only its request buffer (pooled), its promise, its answer and the bytes of
 * the body it keeps.
 *
 * <p>An exchange is plain ({@link #exchange}: the body read to its end, its first {@code keep}
 * bytes gathered into one answer and the rest counted — nothing gathered for an exchange that
 * keeps 0) or streamed
 * ({@link #stream}: the head, each read of the body and the end handed to a {@link BodyStream}
 * as they arrive, the limits being the listener's; it may abandon the answer, which closes the
 * channel). A streamed turn ends at its terminal event while the server may still be ending the
 * response: the user's next request then waits for that end, and goes on the same channel if
 * it stays open; after {@link #DRAIN_WAIT_MS} (or when the listener abandons the rest) the
 * stream's channel is closed and the request goes on a new one.
 *
 * <p>The same object is the channel's only handler (besides TLS) — one channel at a time;
 * events of a channel it already left are ignored —, the {@link ResponseParser}'s listener,
 * the connect listener, and the cancel hook the engine runs when the target timeout passes
 * ({@link #run}: the channel is closed, as a reset request was).
 *
 * <p>A request sent on a reused channel that the server closed before any byte of the answer
 * (the keep-alive race: the server's idle close crossing the request) is sent once more on a
 * new channel. Anything else ends the exchange: refused or timed-out connects, resets, a
 * closed channel, a malformed answer. A body is never too large: what is not kept is dropped.
 *
 * <p>Lives on its lane's event loop only; no field is touched from elsewhere.
 *
 * <p>Why one class of this length: the channel, the parser's callbacks and the exchange in
 * flight are one state machine whose transitions (connect, send, read, drain, retry, cancel)
 * read each other's fields; split, every transition would cross an object boundary on the
 * hottest path and the invariants above would live in no single place.
 */
@ChannelHandler.Sharable
public final class Http1Connection extends ChannelInboundHandlerAdapter
        implements UserConnection, ResponseParser.Listener, ChannelFutureListener, Runnable {
    /** A body of unknown length starts this big and doubles; a known length up to this is allocated at once. */
    private static final int FIRST_BODY_BYTES = 64 * 1024;
    /** How long a request waits for the end of the user's previous stream before it takes a new channel. */
    public static final long DRAIN_WAIT_MS = 100;

    /** Why an exchange was never written: the lane's right to send ran out before it could be. */
    static final String NOT_SENT = "not sent: the worker's lease ran out before the request could leave";

    private final Http1Client client;
    private final ResponseParser parser;
    /** The lane's connections: a list through the connections themselves, so tracking one allocates nothing. */
    Http1Connection prev;
    Http1Connection next;
    private boolean closed;

    private Channel channel;
    private boolean connected;

    // ---- the exchange in flight: pending (plain) or stream (streamed) is set
    private Promise<Raw> pending;
    private BodyStream stream;
    /**
     * A streamed exchange whose turn ended (at its terminal event) with its response still being
     * read: the exchange in flight is sent once that response ends or is abandoned.
     */
    private BodyStream draining;
    private UserSession session;
    private HttpMethod method;
    private String path;
    private Map<String, String> extraHeaders;
    private Buffer requestBody;
    private String requestType;
    /** The request went on a channel that had served one before: a close before the answer may be the keep-alive race. */
    private boolean reused;
    private boolean retried;
    /** A byte of the answer arrived. */
    private boolean answered;
    /** When the read being parsed came off the socket. */
    private long readNanos;
    private int status;
    private String contentType;
    /** Bytes of a 2xx body the plain exchange keeps; of this answer once its status is known. */
    private int keep;
    private int keepNow;
    private byte[] body;
    private int keptLength;
    private long bodyLength;

    Http1Connection(Http1Client client) {
        this.client = client;
        this.parser = new ResponseParser(this, client.lineScratch());
    }

    Future<Raw> exchange(UserSession session, HttpMethod method, String path, Map<String, String> extraHeaders,
                         Buffer body, String contentType, int keep) {
        Promise<Raw> result = Promise.promise();
        String refused = admit();
        if (refused != null) {
            result.complete(new Raw(0, null, null, System.nanoTime(), refused));
            return result.future();
        }
        this.pending = result;
        this.keep = keep;
        start(session, method, path, extraHeaders, body, contentType);
        if (pending == result && draining == null) { // not cancelled at once, not waiting for a stream's end
            send();
        }
        return result.future();
    }

    /** A streamed exchange: its answer goes to {@code listener} as it arrives. */
    void stream(UserSession session, HttpMethod method, String path, Map<String, String> extraHeaders,
                Buffer body, String contentType, BodyStream listener) {
        String refused = admit();
        if (refused != null) {
            listener.onFailure(refused);
            return;
        }
        this.stream = listener;
        start(session, method, path, extraHeaders, body, contentType);
        if (stream == listener && draining == null) {
            send();
        }
    }

    /**
     * Whether a new exchange may start: null when it may, else why not. A stream still read
     * when its user moves on ended its turn at the terminal event: it is drained, the new
     * exchange waiting for it.
     */
    private String admit() {
        if (closed) {
            return "the user's connection is closed";
        }
        if (pending != null || draining != null) {
            // A user asks one thing at a time; a second exchange means the first was abandoned.
            return "a request of this user is still in flight";
        }
        if (stream != null) {
            BodyStream previous = stream;
            draining = previous;
            stream = null;
            // A server still sending after the terminal event must not hold the user's next
            // request (its latency runs): past a short wait the rest is given up, and the
            // request goes on a new channel.
            client.setTimer(DRAIN_WAIT_MS, () -> {
                if (draining == previous) {
                    abandon(previous);
                }
            });
        }
        return null;
    }

    private void start(UserSession session, HttpMethod method, String path, Map<String, String> extraHeaders,
                       Buffer body, String contentType) {
        this.session = session;
        this.method = method;
        this.path = path;
        this.extraHeaders = extraHeaders;
        this.requestBody = body;
        this.requestType = contentType;
        this.retried = false;
        session.inFlight(this);
    }

    private boolean inFlight() {
        return pending != null || stream != null;
    }

    private void send() {
        answered = false;
        parser.expect(method == HttpMethod.HEAD);
        if (channel != null && connected && channel.isActive()) {
            reused = true;
            write();
        } else {
            dropChannel();
            reused = false;
            ChannelFuture connecting = client.connect(this);
            channel = connecting.channel();
            connecting.addListener(this);
        }
    }

    /** Connects ahead of any exchange (the lane prepares its users' connections before the start). */
    ChannelFuture open() {
        ChannelFuture connecting = client.connect(this);
        channel = connecting.channel();
        connecting.addListener(this);
        return connecting;
    }

    /** The connect finished. */
    @Override
    public void operationComplete(ChannelFuture future) {
        if (future.channel() != channel) {
            return;
        }
        if (!future.isSuccess()) {
            channel = null;
            if (inFlight()) {
                fail(HttpTransport.describe(future.cause()));
            }
            return;
        }
        connected = true;
        if (inFlight()) {
            write();
        }
    }

    private void write() {
        // The lease once more, at the last moment: a connect may finish, or a paused process wake,
        // long after the user was allowed to send; a request past the fence is load nobody may send.
        if (!client.maySend()) {
            fail(NOT_SENT);
            return;
        }
        ByteBuf out = channel.alloc().ioBuffer(256 + (requestBody == null ? 0 : requestBody.length()));
        String cookie = session.cookieHeader(client.host());
        String refused;
        try {
            refused = client.encoder().write(out, session, method, path, extraHeaders, requestBody, requestType, cookie);
        } catch (RuntimeException e) {
            out.release();
            fail(HttpTransport.describe(e));
            return;
        }
        if (refused != null) {
            out.release();
            fail(refused);
            return;
        }
        // A write that fails reaches exceptionCaught through the void promise.
        channel.writeAndFlush(out, channel.voidPromise());
    }

    // ---- the channel's events

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (ctx.channel() != channel) {
                return;
            }
            if (!(inFlight() || draining != null) || !parser.busy()) {
                dropChannel(); // an answer nobody asked for: the channel cannot be trusted any more
                return;
            }
            answered = true;
            if (draining == null) {
                requestBody = null; // answered, so never sent again: not held for the rest of a stream
            }
            if (listener() == null) {
                parser.feed((ByteBuf) msg);
            } else {
                // A stream's listener is called from here: with the lane's context current, as answers are delivered.
                readNanos = System.nanoTime();
                ContextInternal previous = client.enter();
                try {
                    parser.feed((ByteBuf) msg);
                } finally {
                    client.leave(previous);
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** The listener of the streamed response being read, or null when it is a plain one. */
    private BodyStream listener() {
        return draining != null ? draining : stream;
    }

    @Override
    public boolean onHead(int code, String type, List<String> setCookies, long length) {
        status = code;
        contentType = type;
        if (setCookies != null) {
            session.storeCookies(client.host(), setCookies);
        }
        BodyStream listener = listener();
        if (listener != null) {
            listener.onHead(code, type, () -> abandon(listener));
            return listener == listener();
        }
        keepNow = HttpTransport.keeping(code, keep);
        if (length > 0 && keepNow > 0) {
            body = new byte[(int) Math.min(Math.min(length, keepNow), FIRST_BODY_BYTES)];
        }
        return true;
    }

    @Override
    public boolean onBody(ByteBuf in, int index, int length) {
        BodyStream listener = listener();
        if (listener != null) {
            // A view of the read, no copy: the listener keeps nothing past the call.
            listener.onChunk(BufferInternal.buffer(in.slice(index, length)), readNanos);
            return listener == listener();
        }
        bodyLength += length;
        int n = Math.min(length, keepNow - keptLength);
        if (n <= 0) {
            return true; // read, counted, dropped
        }
        if (!session.replies().grow(n)) {
            // The worker's replies together are at their bound: this one is cut, its turn fails.
            String why = session.replies().reason();
            dropChannel();
            fail(why);
            return false;
        }
        int total = keptLength + n;
        if (body == null || total > body.length) {
            // Doubling while small, by a quarter past 1 MiB: close to what the reply budget counts.
            int capacity = Math.min(keepNow, Math.max(total, body == null ? Math.min(FIRST_BODY_BYTES, Math.max(256, 2 * n))
                    : body.length < 1 << 20 ? 2 * body.length : body.length + (body.length >> 2)));
            byte[] bigger = new byte[capacity];
            if (keptLength > 0) {
                System.arraycopy(body, 0, bigger, 0, keptLength);
            }
            body = bigger;
        }
        in.getBytes(index, body, keptLength, n);
        keptLength = total;
        return true;
    }

    @Override
    public void onEnd(boolean reusable) {
        long end = System.nanoTime();
        if (!reusable) {
            dropChannel();
        }
        if (draining != null) {
            BodyStream drained = draining;
            draining = null;
            drained.onEnd(end);
            next();
        } else if (stream != null) {
            BodyStream ended = stream;
            clear();
            ended.onEnd(end);
        } else {
            Buffer kept = keptLength == 0 ? Buffer.buffer()
                    : BufferInternal.buffer(Unpooled.wrappedBuffer(body, 0, keptLength));
            finish(new Raw(status, kept, bodyLength, contentType, end, null));
        }
    }

    @Override
    public void onInvalid(String why) {
        dropChannel();
        if (draining != null) {
            endDrain(why);
        } else {
            fail(why);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (ctx.channel() != channel) {
            return;
        }
        channel = null;
        connected = false;
        if (!inFlight() && draining == null) {
            return;
        }
        // The close may end a body read until the close: a stream's listener hears it with the lane's context current.
        ContextInternal previous = client.enter();
        try {
            if (!parser.closed()) {
                broke(answered ? "the target closed the connection before the end of its answer"
                        : "the target closed the connection before answering");
            }
        } finally {
            client.leave(previous);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (ctx.channel() != channel) {
            return;
        }
        dropChannel();
        if (inFlight() || draining != null) {
            broke(HttpTransport.describe(cause));
        }
    }

    /**
     * The channel failed under the exchange: sent again once if it may be the keep-alive race and the
     * lane still holds its lease (a resend after a fence would be load nobody may send), else failed.
     */
    private void broke(String why) {
        if (draining != null) {
            endDrain(why);
        } else if (reused && !answered && !retried && !closed && client.maySend()) {
            retried = true;
            send();
        } else {
            fail(why);
        }
    }

    /** The stream being drained broke: the exchange waiting for it goes on a new channel. */
    private void endDrain(String why) {
        BodyStream drained = draining;
        draining = null;
        deliver(drained, why);
        next();
    }

    /** Sends the exchange that waited for a stream's end, if it is still there. */
    private void next() {
        parser.reset();
        if (inFlight()) {
            send();
        }
    }

    /** The listener gives up its stream (a limit, an error event, a server that does not end after the turn). */
    private void abandon(BodyStream listener) {
        if (listener == draining) {
            dropChannel();
            draining = null;
            next();
        } else if (listener == stream) {
            dropChannel();
            clear();
        }
    }

    // ---- ending

    /** The engine abandons the exchange (target timeout, user interrupted): close the channel under it. */
    @Override
    public void run() {
        dropChannel();
        if (draining != null) {
            BodyStream drained = draining;
            draining = null;
            deliver(drained, "cancelled");
        }
        if (inFlight()) {
            fail("cancelled");
        }
    }

    /**
     * The user ended normally: a connection at rest (nothing in flight, the last answer read
     * whole) goes to the lane's next user; any other is closed.
     */
    @Override
    public void release() {
        if (closed) {
            return;
        }
        if (!inFlight() && draining == null && !parser.busy()) {
            client.spare(this);
        } else {
            close();
        }
    }

    /** The user is done: close its channel; a request in flight fails. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        client.forget(this);
        run();
    }

    private void dropChannel() {
        Channel c = channel;
        channel = null;
        connected = false;
        if (c != null) {
            c.close();
        }
    }

    private void fail(String error) {
        if (stream != null) {
            BodyStream failed = stream;
            clear();
            deliver(failed, error);
        } else {
            finish(new Raw(0, null, null, System.nanoTime(), error));
        }
    }

    /** A stream's failure, with the lane's context current whatever Netty callback it ends in. */
    private void deliver(BodyStream listener, String error) {
        ContextInternal previous = client.enter();
        try {
            listener.onFailure(error);
        } finally {
            client.leave(previous);
        }
    }

    /** Ends a plain exchange. */
    private void finish(Raw raw) {
        Promise<Raw> result = pending;
        clear();
        client.deliver(result, raw);
    }

    /** Clears the exchange's state: first, as the user may send its next request from the callback. */
    private void clear() {
        pending = null;
        stream = null;
        parser.reset();
        session = null;
        path = null;
        extraHeaders = null;
        requestBody = null;
        requestType = null;
        contentType = null;
        body = null;
        keptLength = 0;
        bodyLength = 0;
    }
}
