package io.stampede.protocol.http;

import static io.stampede.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.stampede.protocol.TestSession;
import io.stampede.protocol.http.HttpTransport.Raw;
import io.stampede.protocol.http.RawServer.Answer;
import io.stampede.scenario.Target;
import io.stampede.template.Template;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;

/**
 * The lean client against real servers on loopback: one keep-alive connection per user, how it
 * copes with servers that close, frame bodies in odd ways or never answer, and that every
 * answer reaches the user on its lane's context.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class Http1ClientTest {
    /** What an exchange keeps of a body unless a test says otherwise: the default of target.max_reply_bytes. */
    private static final int KEEP = Target.DEFAULT_MAX_REPLY_BYTES;

    // ---- what a server answers, and what a user's requests read

    /** A real HTTP server at {@code base} answers each of {@code requests} in turn. */
    record Serving(String sentence, String base, Handler<HttpServerRequest> answer, int requests, String eachRead,
                   int connections) {
        @Override
        public String toString() {
            return sentence;
        }
    }

    static Stream<Serving> servers() {
        return Stream.of(
                new Serving("a user sends all its requests on one keep-alive connection", "http://127.0.0.1",
                        request -> request.response().end("ok"), 20, "200 ok", 1),
                new Serving("a target named by its host name is resolved and kept on one connection", "http://localhost",
                        request -> request.response().end("named"), 3, "200 named", 1),
                new Serving("connection: close answers are read whole and the next request reconnects", "http://127.0.0.1",
                        request -> request.response().putHeader("connection", "close").end("bye"), 4, "200 bye", 4),
                new Serving("HTTPS works against a self-signed server on one connection", "https://127.0.0.1",
                        request -> request.response().end("secret"), 3, "200 secret", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void everyAnswerIsReadWholeOnAsFewConnectionsAsTheServerAllows(Serving c, Vertx vertx, VertxTestContext ctx) {
        HttpServerOptions options = c.base().startsWith("https:")
                ? new HttpServerOptions().setSsl(true).setKeyCertOptions(SelfSignedCertificate.create().keyCertOptions())
                : new HttpServerOptions();
        Counted server = new Counted();
        server.start(vertx, options, c.answer())
                .compose(url -> Lane.of(vertx, url.replace("http://127.0.0.1", c.base())).gets(new TestSession(1, "c1"), "/",
                        c.requests()))
                .onComplete(ctx.succeeding(answers -> ctx.verify(() -> {
                    assertThat(answers).as(c.sentence()).extracting(Http1ClientTest::read).hasSize(c.requests())
                            .containsOnly(c.eachRead());
                    assertThat(server.connections.get()).as("%s: connections", c).isEqualTo(c.connections());
                    ctx.completeNow();
                })));
    }

    /**
     * A server that writes exactly the bytes of its script (and closes where it says) answers
     * each of {@code requests} in turn; it reads {@code heads} requests on {@code connections}.
     */
    record Scripted(String sentence, RawServer.Script script, int requests, String eachRead, int heads, int connections) {
        @Override
        public String toString() {
            return sentence;
        }
    }

    static Stream<Scripted> scriptedServers() {
        return Stream.of(
                new Scripted("a body ended by the server closing is read whole", (connection, request, head) ->
                        Answer.then("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nuntil the end", true),
                        2, "200 until the end", 2, 2),
                new Scripted("an informational answer is skipped", (connection, request, head) -> Answer.then(
                        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\ncontent-length: 4\r\n\r\ndone", false),
                        2, "201 done", 2, 1),
                // The keep-alive race: the server drops a reused connection just as the request arrives;
                // the second request is sent twice, the second time on a new connection.
                new Scripted("a reused connection closed before the answer is tried once more on a new one",
                        (connection, request, head) -> request == 0 ? Answer.ok("fine") : Answer.hangUp(), 2, "200 fine", 3, 2),
                new Scripted("a new connection closed before the answer fails the exchange, which is not sent again",
                        (connection, request, head) -> Answer.hangUp(), 1, "0 failed: the target closed the connection before answering",
                        1, 1),
                new Scripted("a malformed answer fails the exchange",
                        (connection, request, head) -> Answer.then("SPDY/9 banana\r\n\r\n", false),
                        1, "0 failed: invalid HTTP response: not an HTTP/1.x status line", 1, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scriptedServers")
    void aServerThatMisbehavesAsRealOnesDoIsReadAsItMeant(Scripted c, Vertx vertx, VertxTestContext ctx) {
        RawServer.start(vertx, c.script())
                .compose(server -> Lane.of(vertx, server.url()).gets(new TestSession(1, "c1"), "/", c.requests()).map(answers -> {
                    ctx.verify(() -> {
                        assertThat(answers).as(c.sentence()).extracting(Http1ClientTest::read).hasSize(c.requests())
                                .containsOnly(c.eachRead());
                        assertThat(server.heads()).as("%s: requests the server read", c).hasSize(c.heads());
                        assertThat(server.connections()).as("%s: connections", c).isEqualTo(c.connections());
                    });
                    return answers;
                }))
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void aKeepAliveResendWaitsForTheLeaseAndIsNotSentWithoutIt(Vertx vertx, VertxTestContext ctx) {
        // The keep-alive race again, but the lane lost its lease once the second request was
        // written: the resend would be a request after the fence, so the exchange fails instead.
        java.util.concurrent.atomic.AtomicInteger sends = new java.util.concurrent.atomic.AtomicInteger(2);
        RawServer.start(vertx, (connection, request, head) -> request == 0 ? Answer.ok("fine") : Answer.hangUp())
                .compose(server -> {
                    Lane lane = Lane.of(vertx, server.url());
                    lane.http().sendGate(() -> sends.getAndDecrement() > 0); // the two writes, then no more
                    TestSession user = new TestSession(1, "c1");
                    return lane.get(user, "/").compose(first -> lane.get(user, "/")).map(second -> {
                        ctx.verify(() -> {
                            assertThat(read(second)).isEqualTo("0 failed: the target closed the connection before answering");
                            assertThat(server.heads()).as("requests the server read: no resend").hasSize(2);
                            assertThat(server.connections()).isEqualTo(1);
                        });
                        return second;
                    });
                })
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void aRequestWhoseLeaseRanOutWhileItsConnectionOpenedIsNeverWritten(Vertx vertx, VertxTestContext ctx) {
        // The user was allowed to send, then its connection took a while (or the process was
        // paused): by the time it could write, the lease is gone, so nothing reaches the target.
        RawServer.start(vertx, (connection, request, head) -> Answer.ok("fine"))
                .compose(server -> {
                    Lane lane = Lane.of(vertx, server.url());
                    lane.http().sendGate(() -> false);
                    return lane.get(new TestSession(1, "c1"), "/").map(answer -> {
                        ctx.verify(() -> {
                            assertThat(read(answer)).isEqualTo("0 failed: " + Http1Connection.NOT_SENT);
                            assertThat(server.heads()).as("requests the server read").isEmpty();
                        });
                        return answer;
                    });
                })
                .onComplete(ctx.succeedingThenComplete());
    }

    // ---- keep-alive and reconnects

    @Test
    void twoUsersHaveAConnectionEach(Vertx vertx, VertxTestContext ctx) {
        Counted server = new Counted();
        server.start(vertx, request -> request.response().end("ok"))
                .compose(url -> {
                    Lane lane = Lane.of(vertx, url);
                    TestSession a = new TestSession(1, "c1");
                    TestSession b = new TestSession(2, "c2");
                    return Future.all(lane.gets(a, "/", 5), lane.gets(b, "/", 5));
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertThat(server.connections.get()).isEqualTo(2);
                    ctx.completeNow();
                })));
    }

    @Test
    void aConnectionTheServerClosedBetweenRequestsIsOpenedAgain(Vertx vertx, VertxTestContext ctx) {
        // The server closes each connection a moment after answering: an idle keep-alive timeout.
        RawServer.start(vertx, (connection, request, head) -> Answer.okThenIdleClose("hello", 20)).compose(server -> {
            Lane lane = Lane.of(vertx, server.url());
            TestSession user = new TestSession(1, "c1");
            List<Raw> answers = new ArrayList<>();
            Future<Void> chain = Future.succeededFuture();
            for (int i = 0; i < 3; i++) {
                chain = chain.compose(v -> lane.get(user, "/"))
                        .compose(r -> {
                            answers.add(r);
                            return eventually(vertx, () -> server.open() == 0);
                        });
            }
            return chain.map(v -> {
                ctx.verify(() -> {
                    assertAllRead(answers, "hello");
                    assertThat(server.connections()).isEqualTo(3);
                    assertThat(server.heads()).as("each request sent once").hasSize(3);
                });
                return v;
            });
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void connectionsOpenedAheadAreTakenByTheUsersAndAFailedOneIsLeftToItsUser(Vertx vertx, VertxTestContext ctx) {
        RawServer.start(vertx, (connection, request, head) -> Answer.ok("hi")).compose(server -> {
            Lane lane = Lane.of(vertx, server.url());
            Promise<Integer> opened = Promise.promise();
            lane.context().runOnContext(v -> lane.http().preconnect(3, 2).onComplete(opened));
            return opened.future().compose(n -> eventually(vertx, () -> server.connections() == 3).map(n))
                    .compose(n -> Future.all(lane.get(new TestSession(1, "c1"), "/"), lane.get(new TestSession(2, "c2"), "/"),
                            lane.get(new TestSession(3, "c3"), "/"), lane.get(new TestSession(4, "c4"), "/")).map(all -> {
                                ctx.verify(() -> {
                                    assertThat(n).as("opened ahead").isEqualTo(3);
                                    for (int i = 0; i < 4; i++) {
                                        assertThat(read(all.resultAt(i))).isEqualTo("200 hi");
                                    }
                                    assertThat(server.connections()).as("three taken over, one more for the fourth user")
                                            .isEqualTo(4);
                                });
                                return n;
                            }));
        }).compose(v -> {
            // Nothing listens (a bound socket holds the port): the connects ahead fail quietly, none counted as opened.
            Socket holder = new Socket();
            try {
                holder.bind(new InetSocketAddress("127.0.0.1", 0));
            } catch (IOException e) {
                return Future.failedFuture(e);
            }
            Lane lane = Lane.of(vertx, "http://127.0.0.1:" + holder.getLocalPort());
            Promise<Integer> opened = Promise.promise();
            lane.context().runOnContext(x -> lane.http().preconnect(2, 8).onComplete(opened));
            return opened.future().map(n -> {
                ctx.verify(() -> assertThat(n).isZero());
                return n;
            }).eventually(() -> {
                try {
                    holder.close();
                } catch (IOException ignored) {
                    // closing a socket that never connected
                }
                return Future.succeededFuture();
            });
        }).onComplete(ctx.succeedingThenComplete());
    }

    // ---- bodies

    @Test
    void aChunkedBodyIsReadWhole(Vertx vertx, VertxTestContext ctx) {
        String big = "x".repeat(1 << 20);
        Counted server = new Counted();
        server.start(vertx, request -> {
            var response = request.response().setChunked(true).putHeader("content-type", "application/json");
            if (request.path().equals("/big")) {
                response.end(big);
                return;
            }
            response.write("{\"parts\":[");
            vertx.setTimer(20, a -> {
                response.write("1,2,");
                vertx.setTimer(20, b -> response.end("3]}"));
            });
        }).compose(url -> {
            Lane lane = Lane.of(vertx, url);
            TestSession user = new TestSession(1, "c1");
            return lane.get(user, "/parts").compose(parts -> lane.get(user, "/big").map(all -> List.of(parts, all)));
        }).onComplete(ctx.succeeding(answers -> ctx.verify(() -> {
            assertThat(answers.get(0).error()).isNull();
            assertThat(answers.get(0).body().toString()).isEqualTo("{\"parts\":[1,2,3]}");
            assertThat(answers.get(0).contentType()).isEqualTo("application/json");
            assertThat(answers.get(1).body().length()).isEqualTo(big.length());
            assertThat(server.connections.get()).isEqualTo(1);
            ctx.completeNow();
        })));
    }

    @Test
    void aHeadAnswerHasNoBodyAndTheConnectionStaysUsable(Vertx vertx, VertxTestContext ctx) {
        RawServer.start(vertx, (connection, request, head) -> head.startsWith("HEAD")
                        ? Answer.then("HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n", false) : Answer.ok("body"))
                .compose(server -> {
                    Lane lane = Lane.of(vertx, server.url());
                    TestSession user = new TestSession(1, "c1");
                    return lane.send(user, HttpMethod.HEAD, "/", Map.of(), null, null)
                            .compose(head -> lane.get(user, "/").map(get -> {
                                ctx.verify(() -> {
                                    assertThat(head.error()).isNull();
                                    assertThat(head.body().length()).isZero();
                                    assertThat(get.body().toString()).isEqualTo("body");
                                    assertThat(server.connections()).isEqualTo(1);
                                });
                                return get;
                            }));
                })
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void aBodyLongerThanItsExchangeKeepsIsReadToItsEndAndOnlyItsStartKept(Vertx vertx, VertxTestContext ctx) {
        // 20 MiB declared by content-length, then the same chunked: 64 KiB kept of each, the
        // rest counted, and the user's one connection serves the next request.
        Buffer chunk = Buffer.buffer("0123456789abcdef".repeat(4096)); // 64 KiB
        int chunks = 320;
        Counted server = new Counted();
        server.start(vertx, request -> {
            var response = request.path().equals("/chunked") ? request.response().setChunked(true)
                    : request.path().equals("/small") ? request.response()
                    : request.response().putHeader("content-length", String.valueOf((long) chunks * chunk.length()));
            if (request.path().equals("/small")) {
                response.end("small");
                return;
            }
            writeChunks(response, chunk, chunks);
        }).compose(url -> {
            Lane lane = Lane.of(vertx, url);
            TestSession user = new TestSession(1, "c1");
            return lane.get(user, "/declared", 64 * 1024)
                    .compose(declared -> lane.get(user, "/chunked", 64 * 1024)
                            .compose(chunked -> lane.get(user, "/small", 64 * 1024)
                                    .map(small -> List.of(declared, chunked, small))));
        }).onComplete(ctx.succeeding(answers -> ctx.verify(() -> {
            for (Raw big : answers.subList(0, 2)) {
                assertThat(big.error()).isNull();
                assertThat(big.length()).isEqualTo((long) chunks * chunk.length());
                assertThat(big.body().length()).isEqualTo(64 * 1024);
                assertThat(big.cut()).isTrue();
                assertThat(big.body().toString()).startsWith("0123456789abcdef0123");
            }
            assertThat(read(answers.get(2))).isEqualTo("200 small");
            assertThat(answers.get(2).cut()).isFalse();
            assertThat(server.connections.get()).as("both huge bodies read to their end on the one connection").isEqualTo(1);
            ctx.completeNow();
        })));
    }

    @Test
    void aBodyNobodyReadsIsNeverBufferedYetAnErrorKeepsItsStartForTheDetail(Vertx vertx, VertxTestContext ctx) {
        String error = "{\"error\":{\"message\":\"LLM provider returned HTTP 500\"}}" + " ".repeat(10_000);
        Counted server = new Counted();
        server.start(vertx, request -> {
            if (request.path().equals("/fail")) {
                request.response().setStatusCode(500).end(error);
            } else {
                request.response().end("x".repeat(1 << 20));
            }
        }).compose(url -> {
            Lane lane = Lane.of(vertx, url);
            TestSession user = new TestSession(1, "c1");
            return lane.get(user, "/", 0).compose(ok -> lane.get(user, "/fail", 0).map(failed -> List.of(ok, failed)));
        }).onComplete(ctx.succeeding(answers -> ctx.verify(() -> {
            assertThat(answers.get(0).status()).isEqualTo(200);
            assertThat(answers.get(0).body().length()).as("nothing kept of a 2xx body nobody reads").isZero();
            assertThat(answers.get(0).length()).isEqualTo(1 << 20);
            assertThat(answers.get(1).status()).isEqualTo(500);
            assertThat(answers.get(1).body().length()).isEqualTo(HttpTransport.ERROR_EXCERPT_BYTES);
            assertThat(answers.get(1).body().toString()).startsWith("{\"error\":{\"message\":\"LLM provider returned");
            assertThat(server.connections.get()).isEqualTo(1);
            ctx.completeNow();
        })));
    }

    /** Writes {@code n} copies of {@code chunk} as fast as the client reads them, then ends. */
    private static void writeChunks(io.vertx.core.http.HttpServerResponse response, Buffer chunk, int n) {
        int[] left = {n};
        Handler<Void>[] more = new Handler[1];
        more[0] = v -> {
            while (left[0] > 0 && !response.writeQueueFull()) {
                left[0]--;
                response.write(chunk);
            }
            if (left[0] == 0) {
                response.end();
            } else {
                response.drainHandler(more[0]);
            }
        };
        more[0].handle(null);
    }

    // ---- failures

    @Test
    void anExchangeTheEngineAbandonsClosesItsConnectionAndTheNextRequestWorks(Vertx vertx, VertxTestContext ctx) {
        Counted server = new Counted();
        server.start(vertx, request -> {
            if (!request.path().equals("/never")) {
                request.response().end("ok");
            }
        }).compose(url -> {
            Lane lane = Lane.of(vertx, url);
            TestSession user = new TestSession(1, "c1");
            Future<Raw> hanging = lane.get(user, "/never");
            // What the engine does when an exchange times out (engine.InFlight), on the lane's context.
            vertx.setTimer(200, id -> lane.context.runOnContext(v -> user.cancelInFlight()));
            return hanging.compose(cut -> eventually(vertx, () -> server.open.get() == 0)
                    .compose(v -> lane.get(user, "/again"))
                    .map(next -> {
                        ctx.verify(() -> {
                            assertThat(cut.error()).isEqualTo("cancelled");
                            assertThat(next.error()).isNull();
                            assertThat(server.connections.get()).isEqualTo(2);
                        });
                        return next;
                    }));
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void aRefusedConnectionFailsWithTheReason(Vertx vertx, VertxTestContext ctx) throws IOException {
        // A socket bound but not listening holds the port, so nothing else can take it meanwhile, and refuses connects.
        Socket holder = new Socket();
        holder.bind(new InetSocketAddress("127.0.0.1", 0));
        Lane.of(vertx, "http://127.0.0.1:" + holder.getLocalPort()).get(new TestSession(1, "c1"), "/")
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    holder.close();
                    assertThat(r.error()).isEqualTo("the target refused the connection (nothing listens there)");
                    assertThat(r.status()).isZero();
                    ctx.completeNow();
                })));
    }

    @Test
    void aHeaderValueWithALineBreakIsNotSent(Vertx vertx, VertxTestContext ctx) {
        RawServer.start(vertx, (connection, request, head) -> Answer.ok("ok"))
                .compose(server -> Lane.of(vertx, server.url())
                        .send(new TestSession(1, "c1"), HttpMethod.GET, "/", Map.of("X-Evil", "a\r\nX-Injected: 1"), null, null)
                        .map(r -> {
                            ctx.verify(() -> {
                                assertThat(r.error()).isEqualTo("header X-Evil has a line break in its value; the request was not sent");
                                assertThat(server.heads()).isEmpty();
                            });
                            return r;
                        }))
                .onComplete(ctx.succeedingThenComplete());
    }

    // ---- what is sent, TLS, cookies, threads

    @Test
    void theRequestCarriesTargetHeadersStepHeadersBodyAndTraceparent(Vertx vertx, VertxTestContext ctx) {
        RawServer.start(vertx, (connection, request, head) -> Answer.ok("ok"))
                .compose(server -> {
                    Map<String, Template> target = new LinkedHashMap<>();
                    target.put("X-Team", Template.literal("blue"));
                    target.put("X-Conversation", Template.compile("{{conversation_id}}"));
                    target.put("Authorization", Template.literal("Bearer target"));
                    Lane lane = Lane.of(vertx, server.url() + "/api", target);
                    return lane.send(new TestSession(7, "conv-7"), HttpMethod.POST, "orders?x=1",
                                    Map.of("authorization", "Bearer step"), Buffer.buffer("{\"a\":1}"), "application/json")
                            .map(r -> {
                                ctx.verify(() -> {
                                    assertThat(r.error()).isNull();
                                    String head = server.heads().get(0);
                                    assertThat(head).startsWith("POST /api/orders?x=1 HTTP/1.1\r\n")
                                            .contains("\r\nhost: 127.0.0.1:" + server.port() + "\r\n")
                                            .contains("\r\nX-Team: blue\r\n")
                                            .contains("\r\nX-Conversation: conv-7\r\n")
                                            .contains("\r\nauthorization: Bearer step\r\n")
                                            .doesNotContain("Bearer target")
                                            .contains("\r\ncontent-type: application/json\r\n")
                                            .contains("\r\ncontent-length: 7\r\n")
                                            .containsPattern("\r\ntraceparent: 00-[0-9a-f]{32}-[0-9a-f]{16}-01");
                                });
                                return r;
                            });
                })
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void cookiesTheServerSetsAreSentBack(Vertx vertx, VertxTestContext ctx) {
        Counted server = new Counted();
        server.start(vertx, request -> {
            if (request.path().equals("/login")) {
                request.response().putHeader("set-cookie", "session=abc123; Path=/; HttpOnly").end("in");
            } else {
                String cookie = request.getHeader("cookie");
                request.response().setStatusCode("session=abc123".equals(cookie) ? 200 : 401).end(String.valueOf(cookie));
            }
        }).compose(url -> {
            Lane lane = Lane.of(vertx, url);
            TestSession user = new TestSession(1, "c1");
            return lane.get(user, "/login").compose(in -> lane.get(user, "/me"));
        }).onComplete(ctx.succeeding(me -> ctx.verify(() -> {
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.body().toString()).isEqualTo("session=abc123");
            ctx.completeNow();
        })));
    }

    @Test
    void answersReachTheUserOnItsLanesContext(Vertx vertx, VertxTestContext ctx) {
        Counted server = new Counted();
        server.start(vertx, request -> request.response().end("ok")).compose(url -> {
            Lane lane = Lane.of(vertx, url);
            Promise<Context> seen = Promise.promise();
            lane.context.runOnContext(v -> lane.http.exchange(new TestSession(1, "c1"), HttpMethod.GET, "/", Map.of(), null, null, KEEP)
                    .onComplete(r -> seen.complete(Vertx.currentContext())));
            return seen.future().map(c -> {
                ctx.verify(() -> assertThat(c).isSameAs(lane.context));
                return c;
            });
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void closingTheClientClosesEveryConnection(Vertx vertx, VertxTestContext ctx) {
        Counted server = new Counted();
        server.start(vertx, request -> {
            if (!request.path().equals("/never")) {
                request.response().end("ok");
            }
        }).compose(url -> {
            Lane lane = Lane.of(vertx, url);
            Future<Raw> hanging = lane.get(new TestSession(3, "c3"), "/never");
            return Future.all(lane.get(new TestSession(1, "c1"), "/"), lane.get(new TestSession(2, "c2"), "/"))
                    .compose(v -> {
                        ctx.verify(() -> assertThat(server.open.get()).isEqualTo(3));
                        lane.context.runOnContext(x -> lane.http.close());
                        return hanging;
                    })
                    .compose(cut -> {
                        ctx.verify(() -> assertThat(cut.error()).isEqualTo("cancelled"));
                        return eventually(vertx, () -> server.open.get() == 0);
                    })
                    .compose(v -> lane.get(new TestSession(4, "c4"), "/"))
                    .map(late -> {
                        ctx.verify(() -> assertThat(late.error()).isEqualTo("the lane's HTTP client is closed"));
                        return late;
                    });
        }).onComplete(ctx.succeedingThenComplete());
    }

    // ---- helpers

    /** A lean client on its own event-loop context, used from that context as a lane's users use it. */
    private record Lane(Http1Client http, Context context) {
        static Lane of(Vertx vertx, String url) {
            return of(vertx, url, Map.of());
        }

        static Lane of(Vertx vertx, String url, Map<String, Template> headers) {
            Context context = vertx.getOrCreateContext();
            return new Lane(new Http1Client(context, Endpoint.parse(url), headers, 5_000), context);
        }

        Future<Raw> send(TestSession user, HttpMethod method, String path, Map<String, String> headers, Buffer body,
                         String type) {
            return send(user, method, path, headers, body, type, KEEP);
        }

        Future<Raw> send(TestSession user, HttpMethod method, String path, Map<String, String> headers, Buffer body,
                         String type, int keep) {
            Promise<Raw> result = Promise.promise();
            context.runOnContext(v -> http.exchange(user, method, path, headers, body, type, keep).onComplete(result));
            return result.future();
        }

        Future<Raw> get(TestSession user, String path) {
            return send(user, HttpMethod.GET, path, Map.of(), null, null);
        }

        Future<Raw> get(TestSession user, String path, int keep) {
            return send(user, HttpMethod.GET, path, Map.of(), null, null, keep);
        }

        /** {@code n} GETs one after the other. */
        Future<List<Raw>> gets(TestSession user, String path, int n) {
            List<Raw> answers = new ArrayList<>();
            Future<Void> chain = Future.succeededFuture();
            for (int i = 0; i < n; i++) {
                chain = chain.compose(v -> get(user, path).map(r -> {
                    answers.add(r);
                    return null;
                }));
            }
            return chain.map(v -> answers);
        }
    }

    /** What a user read from one exchange: {@code 200 body}, or {@code 0 failed: why}. */
    private static String read(Raw r) {
        return r.status() + " " + (r.error() != null ? "failed: " + r.error() : r.body().toString());
    }

    /** Every exchange got its answer, each with {@code body}. */
    private static void assertAllRead(List<Raw> answers, String body) {
        assertThat(answers).extracting(Raw::error).containsOnlyNulls();
        assertThat(answers).extracting(r -> r.body().toString()).containsOnly(body);
    }

    /** A Vert.x server that counts the connections it accepted and those still open. */
    private static final class Counted {
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger open = new AtomicInteger();

        Future<String> start(Vertx vertx, Handler<HttpServerRequest> handler) {
            return start(vertx, new HttpServerOptions(), handler);
        }

        Future<String> start(Vertx vertx, HttpServerOptions options, Handler<HttpServerRequest> handler) {
            HttpServer server = vertx.createHttpServer(options);
            server.connectionHandler(connection -> {
                connections.incrementAndGet();
                open.incrementAndGet();
                connection.closeHandler(v -> open.decrementAndGet());
            });
            return server.requestHandler(handler).listen(0, "127.0.0.1")
                    .map(s -> "http://127.0.0.1:" + s.actualPort());
        }
    }
}
