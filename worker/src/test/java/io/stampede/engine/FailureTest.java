package io.stampede.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.stampede.metrics.Counters;
import io.stampede.metrics.KeyStats;
import io.stampede.wire.UserProgress;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;

/** Faults of the target and failure policies: a failure is recorded, contained, and the run still ends. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FailureTest {
    private static final TestServer.Reply OK = new TestServer.Reply(200, "{\"reply\":\"ok\"}");
    private static final TestServer.Reply BROKEN = new TestServer.Reply(500, "{\"error\":{\"message\":\"broken\"}}");

    @Test
    void aTargetThatRefusesConnectionsFailsEveryStepWithTheReasonAndTheRunStillEnds(Vertx vertx, VertxTestContext ctx) {
        closedPort(vertx)
                .compose(port -> SliceDriver.start(vertx)
                        .compose(driver -> driver.run(TestScenarios.load("one-turn.yaml", "http://127.0.0.1:" + port))))
                .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
                    KeyStats ask = result.step("ask");
                    assertThat(ask.count()).isEqualTo(4);
                    assertThat(ask.errors()).isEqualTo(4);
                    assertThat(ask.failures()).hasSize(1);
                    assertThat(ask.failures().keySet().iterator().next()).isEqualTo("the target refused the connection (nothing listens there)");
                    Counters c = result.counters();
                    assertThat(c.conversationsFailed).isEqualTo(4);
                    assertThat(c.usersFinished).isEqualTo(2);
                    ctx.completeNow();
                })));
    }

    @Test
    void aTargetThatNeverAnswersFailsTheStepWithATimeoutAfterTheTargetTimeout(Vertx vertx, VertxTestContext ctx) {
        TestServer.start(vertx, TestServer.never())
                .compose(server -> SliceDriver.start(vertx)
                        .compose(driver -> driver.startDelayMs(1_000).run(TestScenarios.load("one-turn.yaml", server.url())))
                        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
                            KeyStats ask = result.step("ask");
                            assertThat(ask.count()).isEqualTo(4);
                            assertThat(ask.failures()).containsExactly(Map.entry("timed out after 500ms", 4L));
                            // HdrHistogram keeps a bucket's lower bound (500,4xx µs reads as 499,968): compare its upper bound.
                            assertThat(ask.latency().highestEquivalentValue(ask.latency().getMinValue())).as("µs")
                                    .isGreaterThanOrEqualTo(500_000);
                            assertThat(ask.latency().getMaxValue()).as("µs, on time but for a busy machine's slack")
                                    .isLessThan(700_000);
                            assertThat(server.hits()).as("each attempt reached the server").hasSize(4);
                            assertThat(result.counters().conversationsFailed).isEqualTo(4);
                            ctx.completeNow();
                        }))));
    }

    @Test
    void hundredsOfTimeoutsFireOnTimeEachTimingOnlyItsOwnUser(Vertx vertx, VertxTestContext ctx) {
        TestServer.start(vertx, TestServer.never())
                .compose(server -> SliceDriver.start(vertx)
                        .compose(driver -> driver.startDelayMs(1_000).run(TestScenarios.load("stalled.yaml", server.url())))
                        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
                            KeyStats ask = result.step("ask");
                            assertThat(ask.count()).isEqualTo(400);
                            assertThat(ask.failures()).containsExactly(Map.entry("timed out after 1000ms", 400L));
                            // From the intended send: the timeout itself, plus the moment the request took to leave.
                            assertThat(ask.latency().highestEquivalentValue(ask.latency().getValueAtPercentile(1)))
                                    .as("p1, µs").isGreaterThanOrEqualTo(1_000_000);
                            // Never early; on time for most, a busy machine's late scheduling only in the tail.
                            assertThat(ask.latency().getValueAtPercentile(50)).as("p50, µs").isLessThan(1_015_000);
                            assertThat(ask.latency().getValueAtPercentile(99)).as("p99, µs").isLessThan(1_150_000);
                            assertThat(result.counters().conversationsFailed).isEqualTo(400);
                            ctx.completeNow();
                        }))));
    }

    @Test
    void stopConversationAbandonsTheConversationAndStartsTheNextOne(Vertx vertx, VertxTestContext ctx) {
        TestServer.start(vertx, hit -> Future.succeededFuture(hit.path.equals("/fail") ? BROKEN : OK))
                .compose(server -> SliceDriver.start(vertx)
                        .compose(driver -> driver.run(TestScenarios.load("stop-conversation.yaml", server.url())))
                        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
                            assertThat(result.step("before").count()).isEqualTo(6);
                            assertThat(result.step("failing").count()).isEqualTo(6);
                            assertThat(result.step("failing").failures()).containsExactly(Map.entry("HTTP 500", 6L));
                            assertThat(result.step("after").count()).isZero();
                            assertThat(server.hits(h -> h.path.equals("/after"))).isEmpty();
                            Counters c = result.counters();
                            assertThat(c.conversationsStarted).isEqualTo(6);
                            assertThat(c.conversationsFailed).isEqualTo(6);
                            assertThat(c.usersFinished).isEqualTo(2);
                            ctx.completeNow();
                        }))));
    }

    @Test
    void stopUserEndsTheUserAfterItsFirstFailureAndSendsNothingMore(Vertx vertx, VertxTestContext ctx) {
        TestServer.start(vertx, hit -> Future.succeededFuture(hit.path.equals("/fail") ? BROKEN : OK))
                .compose(server -> SliceDriver.start(vertx)
                        .compose(driver -> driver.run(TestScenarios.load("stop-user.yaml", server.url())))
                        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
                            assertThat(result.step("before").count()).isEqualTo(2);
                            assertThat(result.step("failing").count()).isEqualTo(2);
                            assertThat(result.step("after").count()).isZero();
                            assertThat(server.hits()).as("one /ok and one /fail per user").hasSize(4);
                            Counters c = result.counters();
                            assertThat(c.conversationsStarted).isEqualTo(2);
                            assertThat(c.conversationsFailed).isEqualTo(2);
                            assertThat(c.conversationsSucceeded + c.conversationsInterrupted).isZero();
                            assertThat(c.usersStarted).isEqualTo(2);
                            assertThat(c.usersFinished).isEqualTo(2);
                            assertThat(result.progress().values())
                                    .containsExactly(new UserProgress(0, 1, true), new UserProgress(1, 1, true));
                            ctx.completeNow();
                        }))));
    }

    @Test
    void oneUsersFailuresDoNotTouchTheOtherUsers(Vertx vertx, VertxTestContext ctx) {
        TestServer.start(vertx, hit -> Future.succeededFuture(hit.path.equals("/orders/2") ? BROKEN : OK))
                .compose(server -> SliceDriver.start(vertx)
                        .compose(driver -> driver.run(TestScenarios.load("isolation.yaml", server.url())))
                        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
                            Map<Integer, Long> perUser = server.hits().stream()
                                    .collect(Collectors.groupingBy(TestServer.Hit::user, Collectors.counting()));
                            assertThat(perUser).containsOnly(Map.entry(0, 6L), Map.entry(1, 6L), Map.entry(2, 6L), Map.entry(3, 6L));
                            assertThat(result.step("own_order").count()).isEqualTo(12);
                            assertThat(result.step("own_order").errors()).isEqualTo(3);
                            assertThat(result.step("thank").count()).isEqualTo(12);
                            assertThat(result.step("thank").errors()).isZero();
                            Counters c = result.counters();
                            assertThat(c.conversationsSucceeded).isEqualTo(9);
                            assertThat(c.conversationsFailed).isEqualTo(3);
                            assertThat(result.events()).filteredOn(e -> "error".equals(e.status()))
                                    .isNotEmpty().allSatisfy(e -> assertThat(e.userId()).isEqualTo(2));
                            ctx.completeNow();
                        }))));
    }

    /** A loopback port that was just free: bound, then closed, so connecting to it is refused. */
    private static Future<Integer> closedPort(Vertx vertx) {
        return vertx.createHttpServer().requestHandler(r -> r.response().end()).listen(0, "127.0.0.1")
                .compose(server -> {
                    int port = server.actualPort();
                    return server.close().map(port);
                });
    }
}
