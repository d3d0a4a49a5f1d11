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
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.stampede.protocol.UserSession;
import io.stampede.protocol.http.HttpTransport.Raw;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * One virtual user's connection to the target: at most one keep-alive channel at a time,
 * opened on the user's first request, opened again when the server closed it, and one exchange
 * in flight on it. Its state is the exchange's state, reused request after request, so an
 * exchange allocates only its promise, its answer and the body's bytes.
 *
 * <p>The same object is the channel's last handler (one channel at a time; events of a channel
 * it already left are ignored), the connect listener, and the cancel hook the engine runs when
 * the target timeout passes ({@link #run}: the channel is closed, as a reset request was).
 *
 * <p>A request sent on a reused channel that the server closed before any byte of the answer
 * (the keep-alive race: the server's idle close crossing the request) is sent once more on a
 * new channel. Anything else ends the exchange: refused or timed-out connects, resets, a
 * closed channel, a malformed answer, a body over {@link HttpTransport#MAX_BODY_BYTES}.
 *
 * <p>Lives on its lane's event loop only; no field is touched from elsewhere.
 */
@ChannelHandler.Sharable
public final class Http1Connection extends ChannelInboundHandlerAdapter implements ChannelFutureListener, Runnable {
    private final Http1Client client;
    /** The lane's connections: a list through the connections themselves, so tracking one allocates nothing. */
    Http1Connection prev;
    Http1Connection next;
    private boolean closed;

    private Channel channel;
    private boolean connected;

    // ---- the exchange in flight (pending != null)
    private Promise<Raw> pending;
    private UserSession session;
    private HttpMethod method;
    private String path;
    private Map<String, String> extraHeaders;
    private Buffer requestBody;
    private String requestType;
    /** The request went on a channel that had served one before: a close before the answer may be the keep-alive race. */
    private boolean reused;
    private boolean retried;
    /** Set while an informational (1xx) answer is being skipped. */
    private boolean informational;
    private boolean answered;
    private int status;
    private String contentType;
    private boolean keepAlive;
    private long expectedLength;
    /** The body's first chunk, still in the channel's buffer, or (ownBody) the copy the body is gathered in. */
    private ByteBuf body;
    private boolean ownBody;

    Http1Connection(Http1Client client) {
        this.client = client;
    }

    /** True while a HEAD request is in flight: its answer has no body whatever its headers say. */
    boolean expectsNoBody() {
        return method == HttpMethod.HEAD;
    }

    Future<Raw> exchange(UserSession session, HttpMethod method, String path, Map<String, String> extraHeaders,
                         Buffer body, String contentType) {
        Promise<Raw> result = Promise.promise();
        if (closed || pending != null) {
            // A user asks one thing at a time; a second exchange means the first was abandoned.
            result.complete(new Raw(0, null, null, System.nanoTime(),
                    closed ? "the user's connection is closed" : "a request of this user is still in flight"));
            return result.future();
        }
        this.pending = result;
        this.session = session;
        this.method = method;
        this.path = path;
        this.extraHeaders = extraHeaders;
        this.requestBody = body;
        this.requestType = contentType;
        this.retried = false;
        session.inFlight(this);
        if (pending == result) { // not cancelled at once
            send();
        }
        return result.future();
    }

    private void send() {
        answered = false;
        informational = false;
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

    /** The connect finished. */
    @Override
    public void operationComplete(ChannelFuture future) {
        if (future.channel() != channel) {
            return;
        }
        if (!future.isSuccess()) {
            channel = null;
            fail(HttpTransport.describe(future.cause()));
            return;
        }
        connected = true;
        if (pending != null) {
            write();
        }
    }

    private void write() {
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
        if (ctx.channel() != channel) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            if (pending == null) {
                // An answer nobody asked for: the channel cannot be trusted any more.
                dropChannel();
                return;
            }
            if (msg instanceof HttpResponse head && !onHead(head)) {
                return;
            }
            if (msg instanceof HttpContent content) {
                onContent(content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** False when the exchange ended (or the head is an informational answer to skip). */
    private boolean onHead(HttpResponse head) {
        if (head.decoderResult().isFailure()) {
            dropChannel();
            fail("invalid HTTP response: " + HttpTransport.describe(head.decoderResult().cause()));
            return false;
        }
        int code = head.status().code();
        answered = true;
        if (code / 100 == 1 && code != 101) {
            informational = true;
            return true; // its empty last content follows
        }
        status = code;
        HttpHeaders headers = head.headers();
        contentType = headers.get(HttpHeaderNames.CONTENT_TYPE);
        keepAlive = code != 101 && HttpUtil.isKeepAlive(head);
        if (headers.contains(HttpHeaderNames.SET_COOKIE)) {
            List<String> cookies = headers.getAll(HttpHeaderNames.SET_COOKIE);
            session.storeCookies(client.host(), cookies);
        }
        expectedLength = expectsNoBody() ? 0 : HttpUtil.getContentLength(head, -1L);
        if (expectedLength > HttpTransport.MAX_BODY_BYTES) {
            dropChannel();
            finish(new Raw(code, null, null, System.nanoTime(), "response body of " + expectedLength
                    + " bytes is over the " + HttpTransport.MAX_BODY_BYTES + " byte limit"));
            return false;
        }
        return true;
    }

    private void onContent(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (informational) {
            informational = !last;
            return;
        }
        if (content.decoderResult().isFailure()) {
            dropChannel();
            fail("invalid HTTP response: " + HttpTransport.describe(content.decoderResult().cause()));
            return;
        }
        ByteBuf chunk = content.content();
        if (chunk.isReadable() && !gather(chunk)) {
            dropChannel();
            finish(new Raw(status, null, null, System.nanoTime(),
                    "response body is over the " + HttpTransport.MAX_BODY_BYTES + " byte limit"));
            return;
        }
        if (last) {
            long end = System.nanoTime();
            Buffer whole = takeBody();
            if (!keepAlive) {
                dropChannel();
            }
            finish(new Raw(status, whole, contentType, end, null));
        }
    }

    /** Keeps a chunk of the body; false once the body is over the limit. */
    private boolean gather(ByteBuf chunk) {
        int size = chunk.readableBytes();
        if (body == null) {
            if (size > HttpTransport.MAX_BODY_BYTES) {
                return false;
            }
            // Most bodies are one chunk: keep it as it came (the decoder's slice) until the end.
            body = chunk.retain();
            ownBody = false;
            return true;
        }
        int total = body.readableBytes() + size;
        if (total > HttpTransport.MAX_BODY_BYTES) {
            return false;
        }
        if (!ownBody) {
            int capacity = (int) Math.min(HttpTransport.MAX_BODY_BYTES, Math.max(expectedLength, Math.max(256L, 2L * total)));
            ByteBuf gathered = Unpooled.buffer(capacity, HttpTransport.MAX_BODY_BYTES).writeBytes(body);
            body.release();
            body = gathered;
            ownBody = true;
        }
        body.writeBytes(chunk);
        return true;
    }

    /** The body as a heap buffer of its own: the channel's buffers go back to their pool at once. */
    private Buffer takeBody() {
        ByteBuf kept = body;
        body = null;
        if (kept == null) {
            return Buffer.buffer();
        }
        if (ownBody) {
            return BufferInternal.buffer(kept);
        }
        try {
            byte[] bytes = new byte[kept.readableBytes()];
            kept.getBytes(kept.readerIndex(), bytes);
            return BufferInternal.buffer(Unpooled.wrappedBuffer(bytes));
        } finally {
            kept.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (ctx.channel() != channel) {
            return;
        }
        channel = null;
        connected = false;
        if (pending != null) {
            broke(answered ? "the connection closed before the end of the response" : "the connection closed before the response");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (ctx.channel() != channel) {
            return;
        }
        dropChannel();
        if (pending != null) {
            broke(HttpTransport.describe(cause));
        }
    }

    /** The channel failed under the exchange: sent again once if it may be the keep-alive race, else failed. */
    private void broke(String why) {
        releaseBody();
        if (reused && !answered && !retried && !closed) {
            retried = true;
            send();
        } else {
            fail(why);
        }
    }

    // ---- ending

    /** The engine abandons the exchange (target timeout, user interrupted): close the channel under it. */
    @Override
    public void run() {
        dropChannel();
        if (pending != null) {
            fail("cancelled");
        }
    }

    /** The user is done: close its channel; a request in flight fails. */
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

    private void releaseBody() {
        if (body != null) {
            body.release();
            body = null;
        }
    }

    private void fail(String error) {
        finish(new Raw(0, null, null, System.nanoTime(), error));
    }

    /** Ends the exchange; the state is cleared first, as the user may send its next request from the callback. */
    private void finish(Raw raw) {
        releaseBody();
        Promise<Raw> result = pending;
        pending = null;
        session = null;
        path = null;
        extraHeaders = null;
        requestBody = null;
        requestType = null;
        contentType = null;
        client.deliver(result, raw);
    }
}
