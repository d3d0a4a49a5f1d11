package io.stampede.engine;

import static io.stampede.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.stampede.metrics.KeyStats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;

/**
 * Each virtual user owns one keep-alive connection for its plain requests, as a real client
 * would: opened on its first request, kept across conversations, closed when the exchange is
 * abandoned or the user ends, so a run leaves no socket open.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UserConnectionsTest {

    @Test
    void everyUserSendsAllItsRequestsOnItsOwnConnectionAndClosesItAtTheEnd(Vertx vertx, VertxTestContext ctx) {
        TestServer.start(vertx, TestServer.ok())
                .compose(server -> SliceDriver.start(vertx)
                        .compose(driver -> driver.run(TestScenarios.load("keep-alive.yaml", server.url())))
                        .compose(result -> {
                            ctx.verify(() -> {
                                assertThat(result.step("first").count()).isEqualTo(20);
                                assertThat(result.step("second").errors()).isZero();
                                assertThat(server.hits()).hasSize(40);
                                assertThat(server.hits(h -> h.path.equals("/second")))
                                        .allSatisfy(h -> assertThat(h.body).isEqualTo("{\"user\":" + h.user() + "}"));
                                assertThat(server.connections()).as("one per user").isEqualTo(4);
                            });
                            return eventually(vertx, () -> server.openConnections() == 0);
                        }))
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void aUserThatEndedHandsItsConnectionToTheNextUserOfItsLane(Vertx vertx, VertxTestContext ctx) {
        TestServer.start(vertx, TestServer.ok())
                .compose(server -> SliceDriver.start(vertx)
                        .compose(driver -> driver.run(TestScenarios.load("handover.yaml", server.url())))
                        .compose(result -> {
                            ctx.verify(() -> {
                                assertThat(result.step("once").count()).isEqualTo(4);
                                assertThat(result.step("once").errors()).isZero();
                                assertThat(server.connections()).as("one per lane, not one per user").isEqualTo(2);
                            });
                            return eventually(vertx, () -> server.openConnections() == 0);
                        }))
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void cookiesTheTargetSetsGoBackWithTheUsersNextRequests(Vertx vertx, VertxTestContext ctx) {
        TestServer.Responder sessions = hit -> {
            if (hit.path.equals("/login")) {
                return Future.succeededFuture(new TestServer.Reply(200, "{}",
                        Map.of("set-cookie", "session=u" + hit.user() + "; Path=/; HttpOnly")));
            }
            boolean known = ("session=u" + hit.user()).equals(hit.headers.get("cookie"));
            return Future.succeededFuture(new TestServer.Reply(known ? 200 : 401, "{}"));
        };
        TestServer.start(vertx, sessions)
                .compose(server -> SliceDriver.start(vertx)
                        .compose(driver -> driver.run(TestScenarios.load("cookies.yaml", server.url()))))
                .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
                    KeyStats me = result.step("me");
                    assertThat(me.count()).isEqualTo(6);
                    assertThat(me.errors()).isZero();
                    ctx.completeNow();
                })));
    }

    @Test
    void aPlainRequestThatTimesOutHasItsConnectionClosedAndTheNextOneOpensANewOne(Vertx vertx, VertxTestContext ctx) {
        TestServer.start(vertx, TestServer.never())
                .compose(server -> SliceDriver.start(vertx)
                        .compose(driver -> driver.startDelayMs(1_000).run(TestScenarios.load("plain-timeout.yaml", server.url())))
                        .compose(result -> {
                            ctx.verify(() -> {
                                assertThat(result.step("hang").failures()).containsExactly(Map.entry("timed out after 300ms", 3L));
                                assertThat(server.hits()).hasSize(3);
                                assertThat(server.connections()).as("a new connection after each timeout").isEqualTo(3);
                            });
                            return eventually(vertx, () -> server.openConnections() == 0);
                        }))
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void usersInterruptedWithRequestsInFlightLeaveNoSocketOpen(Vertx vertx, VertxTestContext ctx) {
        TestServer.start(vertx, TestServer.never())
                .compose(server -> SliceDriver.start(vertx)
                        .compose(driver -> driver.run(TestScenarios.load("graceful-stop.yaml", server.url())))
                        .compose(result -> {
                            ctx.verify(() -> {
                                assertThat(result.counters().conversationsInterrupted).isEqualTo(2);
                                assertThat(server.connections()).isEqualTo(2);
                            });
                            return eventually(vertx, () -> server.openConnections() == 0);
                        }))
                .onComplete(ctx.succeedingThenComplete());
    }
}
