package io.stampede.engine;

import static io.stampede.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.BiConsumer;
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
        runThenAllClosed(vertx, ctx, TestServer.ok(), "keep-alive.yaml", SliceDriver.DEFAULT_START_DELAY_MS, (result, server) -> {
            assertThat(result.step("first").count()).isEqualTo(20);
            assertThat(result.step("second").errors()).isZero();
            assertThat(server.hits()).hasSize(40);
            assertThat(server.hits(h -> h.path.equals("/second")))
                    .allSatisfy(h -> assertThat(h.body).isEqualTo("{\"user\":" + h.user() + "}"));
            assertThat(server.connections()).as("one per user").isEqualTo(4);
        });
    }

    @Test
    void aUserThatEndedHandsItsConnectionToTheNextUserOfItsLane(Vertx vertx, VertxTestContext ctx) {
        runThenAllClosed(vertx, ctx, TestServer.ok(), "handover.yaml", SliceDriver.DEFAULT_START_DELAY_MS, (result, server) -> {
            assertThat(result.step("once").count()).isEqualTo(4);
            assertThat(result.step("once").errors()).isZero();
            assertThat(server.connections()).as("one per lane, not one per user").isEqualTo(2);
        });
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
        runThenAllClosed(vertx, ctx, TestServer.never(), "plain-timeout.yaml", 1_000, (result, server) -> {
            assertThat(result.step("hang").failures()).containsExactly(Map.entry("timed out after 300ms", 3L));
            assertThat(server.hits()).hasSize(3);
            assertThat(server.connections()).as("a new connection after each timeout").isEqualTo(3);
        });
    }

    @Test
    void usersInterruptedWithRequestsInFlightLeaveNoSocketOpen(Vertx vertx, VertxTestContext ctx) {
        runThenAllClosed(vertx, ctx, TestServer.never(), "graceful-stop.yaml", SliceDriver.DEFAULT_START_DELAY_MS, (result, server) -> {
            assertThat(result.counters().conversationsInterrupted).isEqualTo(2);
            assertThat(server.connections()).isEqualTo(2);
        });
    }

    /**
     * Runs the scenario file against a server answering with {@code responder}, hands the result to
     * {@code checks}, then waits until the server sees no connection open any more.
     */
    private static void runThenAllClosed(Vertx vertx, VertxTestContext ctx, TestServer.Responder responder, String file,
                                         long startDelayMs, BiConsumer<SliceResult, TestServer> checks) {
        TestServer.start(vertx, responder)
                .compose(server -> SliceDriver.start(vertx)
                        .compose(driver -> driver.startDelayMs(startDelayMs).run(TestScenarios.load(file, server.url())))
                        .compose(result -> {
                            ctx.verify(() -> checks.accept(result, server));
                            return eventually(vertx, () -> server.openConnections() == 0);
                        }))
                .onComplete(ctx.succeedingThenComplete());
    }
}
