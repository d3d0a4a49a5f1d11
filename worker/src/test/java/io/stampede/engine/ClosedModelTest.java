package io.stampede.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.stampede.demo.DemoAgent;
import io.stampede.demo.DemoAgentOptions;
import io.stampede.metrics.Counters;
import io.stampede.wire.IntervalReport;
import io.stampede.wire.UserProgress;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;

/** The closed model as users see it: how many users, conversations and steps run, and when. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClosedModelTest {

    @Test
    void sevenUsersTimesThreeIterationsTimesTwoTurnsAreExactlyFortyTwoSteps(Vertx vertx, VertxTestContext ctx) {
        DemoAgent.start(vertx, new DemoAgentOptions().setPort(0).setLatencyScale(0).setSeed(1))
                .compose(agent -> TestServer.start(vertx, TestServer.forwardTo(vertx, agent.port())))
                .compose(proxy -> SliceDriver.start(vertx)
                        .compose(driver -> driver.run(TestScenarios.load("counts.yaml", proxy.url())))
                        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
                            assertThat(result.step("ask_refund").count()).isEqualTo(21);
                            assertThat(result.step("ask_steps").count()).isEqualTo(21);
                            assertThat(result.step("ask_refund").errors() + result.step("ask_steps").errors()).isZero();
                            assertThat(result.totals().allSteps().count()).isEqualTo(42);
                            Counters c = result.counters();
                            assertThat(c.usersStarted).isEqualTo(7);
                            assertThat(c.usersFinished).isEqualTo(7);
                            assertThat(c.conversationsStarted).isEqualTo(21);
                            assertThat(c.conversationsSucceeded).isEqualTo(21);
                            assertThat(c.conversationsFailed + c.conversationsInterrupted).isZero();
                            assertThat(result.progress().values()).as("what a takeover would need to know")
                                    .containsExactlyElementsOf(IntStream.range(0, 7).mapToObj(u -> new UserProgress(u, 3, true)).toList());

                            assertThat(proxy.hits()).hasSize(42).allSatisfy(hit -> assertThat(hit.reply.status()).isEqualTo(200));
                            Map<Integer, Long> perUser = proxy.hits().stream()
                                    .collect(Collectors.groupingBy(TestServer.Hit::user, Collectors.counting()));
                            assertThat(perUser).containsOnlyKeys(IntStream.range(0, 7).boxed().toList());
                            assertThat(perUser.values()).containsOnly(6L);
                            ctx.completeNow();
                        }))));
    }

    @Test
    void theTurnsOfAConversationShareItsIdAndEveryIterationStartsANewOne(Vertx vertx, VertxTestContext ctx) {
        DemoAgent.start(vertx, new DemoAgentOptions().setPort(0).setLatencyScale(0).setSeed(2))
                .compose(agent -> TestServer.start(vertx, TestServer.forwardTo(vertx, agent.port())))
                .compose(proxy -> SliceDriver.start(vertx)
                        .compose(driver -> driver.run(TestScenarios.load("counts.yaml", proxy.url())))
                        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
                            assertThat(result.step("ask_steps").errors()).as("the agent remembered the first turn").isZero();
                            for (int user = 0; user < 7; user++) {
                                int u = user;
                                List<TestServer.Hit> mine = proxy.hits(h -> h.user() == u);
                                List<String> conversations = new java.util.ArrayList<>();
                                for (int i = 0; i < mine.size(); i += 2) {
                                    String first = conversationOf(mine.get(i).body);
                                    assertThat(conversationOf(mine.get(i + 1).body)).as("the second turn continues the first")
                                            .isEqualTo(first).isEqualTo(conversationOf(mine.get(i).reply.body()));
                                    conversations.add(first);
                                    // traceparent: trace id = run seed, user, conversation number, turn
                                    assertThat(mine.get(i).headers.get("traceparent"))
                                            .matches("00-[0-9a-f]{16}" + String.format("%08x%04x%04x", u, i / 2 + 1, 1) + "-[0-9a-f]{16}-01");
                                    assertThat(mine.get(i + 1).headers.get("traceparent"))
                                            .matches("00-[0-9a-f]{16}" + String.format("%08x%04x%04x", u, i / 2 + 1, 2) + "-[0-9a-f]{16}-01");
                                }
                                assertThat(conversations).as("a new conversation per iteration").doesNotHaveDuplicates().hasSize(3);
                            }
                            ctx.completeNow();
                        }))));
    }

    private static String conversationOf(String json) {
        return (String) ((Map<?, ?>) io.stampede.json.Json.parse(json)).get("conversation_id");
    }

    @Test
    void theLastReportsCumulativeTotalsEqualTheSumOfTheIntervals(Vertx vertx, VertxTestContext ctx) {
        TestServer.start(vertx, TestServer.after(vertx, 20, new TestServer.Reply(200, "{\"reply\":\"ok\"}")))
                .compose(server -> SliceDriver.start(vertx)
                        .compose(driver -> driver.run(TestScenarios.load("duration.yaml", server.url()))))
                .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
                    assertThat(result.sources()).hasSize(2);
                    assertThat(result.lastReports()).extracting(IntervalReport::sourceId)
                            .containsExactlyInAnyOrderElementsOf(result.sources());
                    for (String source : result.sources()) {
                        List<Long> seqs = result.reports().stream().map(SliceResult.Received::report)
                                .filter(r -> r.sourceId().equals(source)).map(IntervalReport::seq).toList();
                        assertThat(seqs).as("seq of " + source).isEqualTo(
                                IntStream.range(0, seqs.size()).mapToObj(Long::valueOf).toList());
                    }
                    assertThat(result.reports().size()).as("a report per second per lane").isGreaterThanOrEqualTo(4);
                    assertThat(result.intervals().keys().keySet()).isEqualTo(result.totals().keys().keySet());
                    result.totals().keys().forEach((key, total) -> {
                        assertThat(result.intervals().keys().get(key).count()).as(key).isEqualTo(total.count());
                        assertThat(result.intervals().keys().get(key).latency()).as(key).isEqualTo(total.latency());
                    });
                    assertThat(result.intervals().counters()).usingRecursiveComparison().isEqualTo(result.counters());
                    ctx.completeNow();
                })));
    }

    @Test
    void usersStartEvenlyOverTheRampUpInTheOrderOfTheirIndex(Vertx vertx, VertxTestContext ctx) {
        TestServer.start(vertx, TestServer.ok())
                .compose(server -> SliceDriver.start(vertx)
                        .compose(driver -> driver.startDelayMs(1_000).run(TestScenarios.load("ramp-up.yaml", server.url())))
                        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
                            List<TestServer.Hit> hits = server.hits();
                            assertThat(hits).extracting(TestServer.Hit::user)
                                    .as("first requests in the order of the user index")
                                    .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
                            long start = result.startAtMs();
                            for (TestServer.Hit hit : hits) {
                                long planned = start + 200L * hit.user();
                                // Never early (1 ms of rounding); late only by scheduling slack.
                                assertThat(hit.atMs).as("arrival of user " + hit.user())
                                        .isBetween(planned - 1, planned + 250);
                            }
                            long span = hits.get(9).atMs - hits.get(0).atMs;
                            assertThat(span).as("first to last start").isBetween(1_600L, 2_050L);
                            ctx.completeNow();
                        }))));
    }

    @Test
    void aUserThinksAtLeastTheThinkTimeBetweenItsRequests(Vertx vertx, VertxTestContext ctx) {
        TestServer.start(vertx, TestServer.ok())
                .compose(server -> SliceDriver.start(vertx)
                        .compose(driver -> driver.run(TestScenarios.load("think-time.yaml", server.url())))
                        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
                            for (int user = 0; user < 2; user++) {
                                int u = user;
                                List<TestServer.Hit> mine = server.hits(h -> h.user() == u);
                                assertThat(mine).as("requests of user " + u).hasSize(4);
                                for (int i = 1; i < mine.size(); i++) {
                                    long gapMs = TimeUnit.NANOSECONDS.toMillis(mine.get(i).atNanos - mine.get(i - 1).atNanos);
                                    assertThat(gapMs).as("gap before request " + i + " of user " + u).isGreaterThanOrEqualTo(300);
                                }
                            }
                            assertThat(result.step("turn_1").count() + result.step("turn_2").count()).isEqualTo(8);
                            ctx.completeNow();
                        }))));
    }

    @Test
    void aTimedRunStopsStartingConversationsAtItsEndAndFinishesWithinTheGracefulStop(Vertx vertx, VertxTestContext ctx) {
        TestServer.start(vertx, TestServer.after(vertx, 50, new TestServer.Reply(200, "{\"reply\":\"ok\"}")))
                .compose(server -> SliceDriver.start(vertx)
                        .compose(driver -> driver.run(TestScenarios.load("duration.yaml", server.url())))
                        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
                            long end = result.startAtMs() + 2_000;
                            List<TestServer.Hit> starts = server.hits(h -> h.body.contains("\"first\""));
                            assertThat(starts).as("conversations were started until the end").isNotEmpty();
                            assertThat(starts).allSatisfy(h -> assertThat(h.atMs).as(h.toString()).isLessThanOrEqualTo(end + 100));
                            assertThat(starts.get(starts.size() - 1).atMs).as("the last start").isGreaterThan(end - 700);
                            assertThat(result.finishedAtMs()).as("all lanes done").isLessThanOrEqualTo(end + 1_000 + 1_000);

                            Counters c = result.counters();
                            assertThat(c.conversationsStarted).isGreaterThan(3 * 3);
                            assertThat(c.conversationsStarted)
                                    .isEqualTo(c.conversationsSucceeded + c.conversationsFailed + c.conversationsInterrupted);
                            assertThat(c.usersStarted).isEqualTo(3);
                            assertThat(c.usersFinished).isEqualTo(3);
                            assertThat(result.step("first").count()).isEqualTo(starts.size());
                            ctx.completeNow();
                        }))));
    }

    @Test
    void conversationsStillInFlightAfterTheGracefulStopAreInterruptedNotAwaited(Vertx vertx, VertxTestContext ctx) {
        TestServer.start(vertx, TestServer.after(vertx, 8_000, new TestServer.Reply(200, "{\"reply\":\"late\"}")))
                .compose(server -> SliceDriver.start(vertx)
                        .compose(driver -> driver.run(TestScenarios.load("graceful-stop.yaml", server.url())))
                        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
                            long graceEnds = result.startAtMs() + 1_000 + 500;
                            assertThat(result.finishedAtMs()).isBetween(graceEnds - 10, graceEnds + 1_500);
                            Counters c = result.counters();
                            assertThat(c.conversationsStarted).isEqualTo(2);
                            assertThat(c.conversationsInterrupted).isEqualTo(2);
                            assertThat(c.conversationsSucceeded + c.conversationsFailed).isZero();
                            assertThat(c.usersFinished).isEqualTo(2);
                            assertThat(result.step("slow").count()).as("an interrupted step is not a result").isZero();
                            assertThat(result.progress().values()).as("an interrupted conversation is not done")
                                    .containsExactly(new UserProgress(0, 0, true), new UserProgress(1, 0, true));
                            assertThat(result.lastReports()).allSatisfy(r -> assertThat(r.activeUsers()).isZero());
                            ctx.completeNow();
                        }))));
    }

}
