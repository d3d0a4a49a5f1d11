package io.stampede.bus;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stampede.secret.ClusterSecret;
import io.stampede.secret.Sealer;
import io.stampede.wire.WireCodec;
import io.stampede.wire.WireFormatException;
import io.stampede.wire.WireMessage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * The event bus as Stampede's nodes use it: every message sealed with the cluster's secret
 * ({@link Sealer}), and every message published, never sent point to point.
 *
 * <p>Why publish: on a clustered Vert.x bus any member can register a consumer on any address
 * (the subscriptions are cluster data), and a point-to-point message goes round-robin to one
 * consumer, weighted by how many each node registered. A node without the secret could so
 * take nearly every request meant for a worker and let it time out. Published, a message
 * reaches every consumer: the real one gets it whatever others listen, and the others get bytes
 * they can neither read nor answer in a way this bus accepts. A request is a published message
 * with a correlation number and the requester's inbox (its own random address); the answer is
 * published, sealed, to that inbox, and only an authentic answer with an awaited number
 * completes the request. Unauthentic messages are dropped and counted in the log.
 *
 * <p>Thread-safe. Handlers run on the context that called {@link #listen}; a request's future
 * completes on the context that made it.
 */
public final class Bus {
    private static final Logger LOG = LoggerFactory.getLogger(Bus.class);
    static final byte ONE_WAY = 0;
    static final byte REQUEST = 1;
    static final byte REPLY_OK = 2;
    static final byte REPLY_FAILED = 3;
    private static final long LOG_REJECTED_EVERY_MS = 10_000;

    private final Vertx vertx;
    private final Sealer sealer;
    private final String inbox;
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextCorrelation = new AtomicLong(new SecureRandom().nextLong() & Long.MAX_VALUE);
    private final AtomicLong rejected = new AtomicLong();
    private volatile long lastRejectLogMs;
    private MessageConsumer<byte[]> inboxConsumer;

    private Bus(Vertx vertx, ClusterSecret secret) {
        this.vertx = vertx;
        this.sealer = new Sealer(secret);
        this.inbox = "stampede.inbox." + UUID.randomUUID();
    }

    /** A bus sealing with {@code secret}, its inbox registered (on the caller's context) when the future completes. */
    public static Future<Bus> start(Vertx vertx, ClusterSecret secret) {
        Bus bus = new Bus(vertx, secret);
        bus.inboxConsumer = vertx.eventBus().consumer(bus.inbox, m -> bus.onReply(m.body()));
        return bus.inboxConsumer.completion().map(bus);
    }

    public Future<Void> close() {
        pending.values().forEach(p -> p.fail("the bus closed", false));
        pending.clear();
        return inboxConsumer.unregister();
    }

    /** Messages refused so far because they were not sealed with this cluster's secret (or not for their address). */
    public long rejected() {
        return rejected.get();
    }

    /** {@code message} to every consumer of {@code address}; no answer. */
    public void publish(String address, WireMessage message) {
        vertx.eventBus().publish(address, sealed(address, ONE_WAY, 0, null, WireCodec.encode(message)));
    }

    /**
     * Calls {@code handler} with every authentic message of {@code type} on {@code address}.
     * Await the consumer's {@code completion()} before counting on it.
     */
    public <T extends WireMessage> MessageConsumer<byte[]> listen(String address, Class<T> type, Consumer<Incoming<T>> handler) {
        return vertx.eventBus().consumer(address, message -> {
            Envelope e = open(address, message.body());
            if (e == null || e.kind > REQUEST) {
                return;
            }
            Incoming<T> incoming = new Incoming<>(this, e.correlation, e.replyTo);
            T body;
            try {
                body = WireCodec.decode(e.body, type);
            } catch (WireFormatException failure) {
                LOG.warn("dropping a message on {}: {}", address, failure.getMessage());
                incoming.fail(failure.getMessage());
                return;
            }
            incoming.body(body);
            handler.accept(incoming);
        });
    }

    /** Publishes a request and completes with the authentic answer of {@code replyType}, or fails after {@code timeoutMs}. */
    public <R extends WireMessage> Future<R> request(String address, WireMessage message, Class<R> replyType, long timeoutMs) {
        return this.<R>ask(address, message, timeoutMs).map(bytes -> bytes.length == 0 ? null : WireCodec.decode(bytes, replyType));
    }

    /** Like {@link #request} for an answer without a body (a plain acknowledgement). */
    public Future<Void> requestAck(String address, WireMessage message, long timeoutMs) {
        return ask(address, message, timeoutMs).mapEmpty();
    }

    private <R> Future<byte[]> ask(String address, WireMessage message, long timeoutMs) {
        long correlation = nextCorrelation.incrementAndGet();
        Context context = Vertx.currentContext();
        Promise<byte[]> promise = Promise.promise();
        Pending p = new Pending(promise, context);
        pending.put(correlation, p);
        p.timer = vertx.setTimer(Math.max(1, timeoutMs), id -> {
            if (pending.remove(correlation) != null) {
                p.fail("no answer on " + address + " within " + timeoutMs + " ms", false);
            }
        });
        vertx.eventBus().publish(address, sealed(address, REQUEST, correlation, inbox, WireCodec.encode(message)));
        return promise.future();
    }

    void reply(String replyTo, long correlation, boolean ok, byte[] body) {
        vertx.eventBus().publish(replyTo, sealed(replyTo, ok ? REPLY_OK : REPLY_FAILED, correlation, null, body));
    }

    private void onReply(byte[] bytes) {
        Envelope e = open(inbox, bytes);
        if (e == null || e.kind < REPLY_OK) {
            return;
        }
        Pending p = pending.remove(e.correlation);
        if (p == null) {
            return; // too late, or a replay of an answer already taken
        }
        vertx.cancelTimer(p.timer);
        if (e.kind == REPLY_OK) {
            p.complete(e.body);
        } else {
            p.fail(new String(e.body, StandardCharsets.UTF_8), true);
        }
    }

    private byte[] sealed(String address, byte kind, long correlation, String replyTo, byte[] body) {
        byte[] to = replyTo == null ? new byte[0] : replyTo.getBytes(StandardCharsets.UTF_8);
        ByteBuffer plain = ByteBuffer.allocate(1 + 8 + 2 + to.length + body.length);
        plain.put(kind).putLong(correlation).putShort((short) to.length).put(to).put(body);
        return sealer.seal(address, plain.array());
    }

    private Envelope open(String address, byte[] bytes) {
        byte[] plain = sealer.open(address, bytes);
        if (plain == null || plain.length < 11) {
            onRejected(address);
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(plain);
        byte kind = in.get();
        long correlation = in.getLong();
        int toLength = in.getShort() & 0xFFFF;
        if (toLength > in.remaining()) {
            onRejected(address);
            return null;
        }
        byte[] to = new byte[toLength];
        in.get(to);
        byte[] body = new byte[in.remaining()];
        in.get(body);
        return new Envelope(kind, correlation, toLength == 0 ? null : new String(to, StandardCharsets.UTF_8), body);
    }

    /** Logged at once, then at most every 10 s with a count: a rogue must not be able to flood the log. */
    private void onRejected(String address) {
        long count = rejected.incrementAndGet();
        long now = System.currentTimeMillis();
        if (now - lastRejectLogMs >= LOG_REJECTED_EVERY_MS) {
            lastRejectLogMs = now;
            LOG.warn("refused a message on {} that is not sealed with this cluster's secret ({} refused so far): a node"
                    + " without the secret, or with another one, is sending on the cluster network", address, count);
        }
    }

    private record Envelope(byte kind, long correlation, String replyTo, byte[] body) {
    }

    private static final class Pending {
        final Promise<byte[]> promise;
        final Context context;
        long timer;

        Pending(Promise<byte[]> promise, Context context) {
            this.promise = promise;
            this.context = context;
        }

        void complete(byte[] body) {
            run(() -> promise.tryComplete(body));
        }

        void fail(String why, boolean answered) {
            run(() -> promise.tryFail(new BusReplyException(why, answered)));
        }

        private void run(Runnable action) {
            if (context == null) {
                action.run();
            } else {
                context.runOnContext(v -> action.run());
            }
        }
    }
}
