package io.stampede.bus;

import java.nio.charset.StandardCharsets;

import io.stampede.wire.WireCodec;
import io.stampede.wire.WireMessage;

/**
 * An authentic message from the {@link Bus}: its body and, when it is a request, the way to
 * answer it (once). Answering a one-way message does nothing.
 */
public final class Incoming<T extends WireMessage> {
    private final Bus bus;
    private final long correlation;
    private final String replyTo;
    private T body;
    private boolean answered;

    Incoming(Bus bus, long correlation, String replyTo) {
        this.bus = bus;
        this.correlation = correlation;
        this.replyTo = replyTo;
    }

    void body(T body) {
        this.body = body;
    }

    public T body() {
        return body;
    }

    public void reply(WireMessage answer) {
        answer(true, WireCodec.encode(answer));
    }

    /** An answer without a body: done. */
    public void ack() {
        answer(true, new byte[0]);
    }

    /** The request failed; {@code reason} is what the requester's future fails with. */
    public void fail(String reason) {
        answer(false, reason.getBytes(StandardCharsets.UTF_8));
    }

    private void answer(boolean ok, byte[] bytes) {
        if (replyTo != null && !answered) {
            answered = true;
            bus.reply(replyTo, correlation, ok, bytes);
        }
    }
}
