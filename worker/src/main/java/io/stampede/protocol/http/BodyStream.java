package io.stampede.protocol.http;

import io.vertx.core.buffer.Buffer;

/**
 * Where a streamed answer goes as it arrives ({@link HttpTransport#stream}), whichever client
 * carries it: the head, then each read of the body stamped with {@link System#nanoTime()} when
 * it came off the socket, then the end or a failure. Exactly one of {@link #onEnd} and
 * {@link #onFailure} ends it, unless the listener abandoned it first; {@link #onFailure} may
 * come without a head (the request could not be sent or answered).
 *
 * <p>Called on the lane's event loop with the lane's context current.
 */
public interface BodyStream {
    /**
     * The answer's head.
     *
     * @param abandon stops reading this answer now: the connection under it is reset or closed
     *                and nothing more is delivered; harmless once the answer has ended
     */
    void onHead(int status, String contentType, Runnable abandon);

    /** Bytes of the body; {@code chunk} may be a view of the read buffer: not to be kept past the call. */
    void onChunk(Buffer chunk, long nanos);

    /** The body ended; the connection may carry the user's next request. */
    void onEnd(long nanos);

    /** The exchange broke, or could not start: a plain sentence. */
    void onFailure(String why);
}
