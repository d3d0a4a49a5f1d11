package io.stampede.protocol;

import static io.stampede.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.stampede.engine.Protocols;
import io.stampede.protocol.http.Endpoint;
import io.stampede.protocol.http.Http1Client;
import io.stampede.protocol.http.Http1Connection;
import io.stampede.protocol.http.HttpTransport;
import io.stampede.protocol.http.HttpTransport.Raw;
import io.stampede.scenario.Target;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;

/**
 * A user's streamed turns go on its own keep-alive connection of the lean client, the one its
 * plain requests use: a stream read to its end leaves it open for the next request; a stream
 * abandoned (a limit, the engine's timeout, a server that does not end after the terminal
 * event) closes it and the next request reconnects.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StreamConnectionsTest {
    private static final String EVENTS = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\n";
    private static final String DONE = "data: [DONE]\n\n";

    private HttpServer server;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();

    @BeforeEach
    void start(Vertx vertx, VertxTestContext ctx) {
        serve(vertx, new HttpServerOptions()).onComplete(ctx.succeeding(s -> {
            server = s;
            ctx.completeNow();
        }));
    }

    /** The test server on a free port, with {@code options} (e.g. TLS). */
    private Future<HttpServer> serve(Vertx vertx, HttpServerOptions options) {
        HttpServer created = vertx.createHttpServer(options);
        created.connectionHandler(c -> {
            connections.incrementAndGet();
            open.incrementAndGet();
            c.closeHandler(v -> open.decrementAndGet());
        });
        created.requestHandler(request -> request.body().onSuccess(b -> {
            HttpServerResponse response = request.response();
            switch (request.path()) {
                case "/plain" -> response.end("ok");
                // The end of the response comes after the terminal event, in a write of its own.
                case "/stream" -> {
                    sse(response).write(EVENTS + DONE);
                    vertx.setTimer(30, id -> response.end());
                }
                // The terminal event, and the response never ends.
                case "/linger" -> sse(response).write(EVENTS + DONE);
                // One event of 2 MiB: over the event limit.
                case "/huge" -> sse(response).write("data: {\"x\":\"" + "x".repeat(2 << 20) + "\"}\n\n");
                // Events, never the terminal one.
                case "/endless" -> {
                    sse(response).write(EVENTS);
                    vertx.setPeriodic(20, id -> {
                        if (response.closed()) {
                            vertx.cancelTimer(id);
                        } else {
                            response.write(EVENTS);
                        }
                    });
                }
                default -> response.setStatusCode(404).end();
            }
        }));
        return created.listen(0, "127.0.0.1");
    }

    private static HttpServerResponse sse(HttpServerResponse response) {
        return response.setChunked(true).putHeader("content-type", "text/event-stream");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void streamsAndPlainRequestsOfAUserShareOneConnection(Vertx vertx) throws Exception {
        Lane lane = new Lane(vertx, "http://127.0.0.1:" + server.actualPort());
        TestSession user = new TestSession(1, "c1");
        assertThat(await(lane.turn(user, "/stream")).error()).isNull();
        assertThat(await(lane.plain(user, "/plain")).error()).isNull();
        assertThat(await(lane.turn(user, "/stream")).error()).isNull();
        assertThat(await(lane.turn(user, "/stream")).error()).isNull();
        assertThat(await(lane.plain(user, "/plain")).body().toString()).isEqualTo("ok");
        assertThat(connections.get()).isEqualTo(1);
        assertThat(open.get()).isEqualTo(1);
        lane.close();
    }

    @Test
    void streamsOverTlsShareTheUsersOneConnectionToo(Vertx vertx) throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create();
        HttpServer tls = await(serve(vertx, new HttpServerOptions().setSsl(true).setKeyCertOptions(certificate.keyCertOptions())));
        Lane lane = new Lane(vertx, "https://127.0.0.1:" + tls.actualPort());
        TestSession user = new TestSession(1, "c1");
        AgentResponse turn = await(lane.turn(user, "/stream"));
        assertThat(turn.error()).isNull();
        assertThat(turn.reply()).isEqualTo("hi");
        assertThat(await(lane.plain(user, "/plain")).body().toString()).isEqualTo("ok");
        assertThat(await(lane.turn(user, "/stream")).error()).isNull();
        assertThat(connections.get()).isEqualTo(1);
        lane.close();
        tls.close();
    }

    @Test
    void aStreamOverTheEventLimitClosesTheConnectionAndTheNextRequestReconnects(Vertx vertx) throws Exception {
        Lane lane = new Lane(vertx, "http://127.0.0.1:" + server.actualPort());
        TestSession user = new TestSession(1, "c1");
        assertThat(await(lane.plain(user, "/plain")).error()).isNull();
        assertThat(await(lane.turn(user, "/huge")).error()).startsWith("an event is larger than");
        assertThat(await(lane.plain(user, "/plain")).body().toString()).isEqualTo("ok");
        assertThat(await(lane.turn(user, "/stream")).error()).isNull();
        assertThat(connections.get()).isEqualTo(2);
        await(eventually(vertx, () -> open.get() == 1));
        lane.close();
    }

    @Test
    void aStreamTheEngineTimesOutClosesTheConnectionAndTheNextRequestReconnects(Vertx vertx) throws Exception {
        Lane lane = new Lane(vertx, "http://127.0.0.1:" + server.actualPort());
        TestSession user = new TestSession(1, "c1");
        Future<AgentResponse> endless = lane.turn(user, "/endless");
        vertx.setTimer(150, id -> lane.context.runOnContext(v -> user.cancelInFlight()));
        assertThat(await(endless).error()).startsWith("the stream broke after");
        assertThat(await(lane.turn(user, "/stream")).error()).isNull();
        assertThat(await(lane.plain(user, "/plain")).error()).isNull();
        assertThat(connections.get()).isEqualTo(2);
        await(eventually(vertx, () -> open.get() == 1));
        lane.close();
    }

    @Test
    void aRequestRightAfterAStreamWaitsForItsEndOrAShortWhile(Vertx vertx) throws Exception {
        Lane lane = new Lane(vertx, "http://127.0.0.1:" + server.actualPort());
        TestSession user = new TestSession(1, "c1");
        // Sent from the turn's callback, while the response still runs: it waits for the end, on the same connection.
        assertThat(await(lane.turn(user, "/stream").compose(r -> lane.plainNow(user, "/plain"))).error()).isNull();
        assertThat(connections.get()).isEqualTo(1);
        // A server that never ends the response after the terminal event: the turn ends at the
        // event; the request waits a short while (DRAIN_WAIT_MS), then goes on a new connection.
        long start = System.nanoTime();
        long[] turnEnded = new long[1];
        Raw next = await(lane.turn(user, "/linger").compose(r -> {
            turnEnded[0] = System.nanoTime();
            assertThat(r.error()).isNull();
            return lane.plainNow(user, "/plain");
        }));
        long end = System.nanoTime();
        assertThat(next.error()).isNull();
        assertThat(TimeUnit.NANOSECONDS.toMillis(turnEnded[0] - start)).isLessThan(800);
        assertThat(TimeUnit.NANOSECONDS.toMillis(end - turnEnded[0]))
                .isGreaterThanOrEqualTo(Http1Connection.DRAIN_WAIT_MS).isLessThan(600);
        assertThat(connections.get()).isEqualTo(2);
        await(eventually(vertx, () -> open.get() == 1));
        lane.close();
    }

    @Test
    void aStreamReadUntilTheServerClosesEndsAtTheCloseAndTheNextRequestReconnects(Vertx vertx) throws Exception {
        // No length, not chunked: the body runs until the close (HTTP/1.0 style), here without its terminal event.
        NetServer raw = vertx.createNetServer().connectHandler(socket -> socket.handler(b -> socket
                .write("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n" + EVENTS)
                .onComplete(v -> vertx.setTimer(20, id -> socket.close()))));
        await(raw.listen(0, "127.0.0.1"));
        Lane lane = new Lane(vertx, "http://127.0.0.1:" + raw.actualPort());
        TestSession user = new TestSession(1, "c1");
        assertThat(await(lane.turn(user, "/stream")).error())
                .isEqualTo("the stream ended without its terminal event (data: [DONE]) after 1 events");
        assertThat(await(lane.turn(user, "/stream")).error()).startsWith("the stream ended without its terminal event");
        lane.close();
        raw.close();
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    /** A lane's transport with the lean client, openai drivers on it, and the lane's context. */
    private static final class Lane {
        final Vertx vertx;
        final String url;
        final Context context;
        final HttpTransport transport;

        Lane(Vertx vertx, String url) {
            this.vertx = vertx;
            this.url = url;
            this.context = vertx.getOrCreateContext();
            Http1Client lean = new Http1Client(context, Endpoint.parse(url), Map.of(), 5_000);
            this.transport = new HttpTransport(vertx.createHttpClient(
                    new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_1_1),
                    new PoolOptions().setHttp1MaxSize(1)), lean, target("/stream"));
        }

        private Target target(String path) {
            return Drivers.scenario("  base_url: " + url + "\n  protocol: openai\n  model: m\n"
                    + "  request: { path: \"" + path + "\" }").target();
        }

        /** A streamed turn to {@code path}, on the lane's transport. */
        Future<AgentResponse> turn(TestSession user, String path) {
            ProtocolDriver driver = Protocols.create(vertx, target(path), transport);
            Promise<AgentResponse> result = Promise.promise();
            context.runOnContext(v -> driver.send(user, Drivers.step(), "hi").onComplete(result));
            return result.future();
        }

        Future<Raw> plain(TestSession user, String path) {
            Promise<Raw> result = Promise.promise();
            context.runOnContext(v -> plainNow(user, path).onComplete(result));
            return result.future();
        }

        /** A plain GET sent at once: from the lane's context. */
        Future<Raw> plainNow(TestSession user, String path) {
            return transport.exchange(user, HttpMethod.GET, path, Map.of(), null, null);
        }

        void close() {
            context.runOnContext(v -> transport.close());
        }
    }
}
