package io.stampede.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.stampede.metrics.Counters;
import io.stampede.protocol.StreamReplayServer;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;

/**
 * A worker whose reply budget is 8 MiB runs a scenario that may keep 64 MiB of each reply against
 * a real server on loopback that streams 30 MB answers and sends 30 MB bodies a check reads
 * ({@code reply-budget.yaml}): every such reply is cut with the budget's one reason, the counts
 * reconcile, the budget is whole again after the run, and the same worker then runs replies that
 * fit without a failure.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReplyBudgetRunTest {
    private static final long BUDGET = 8L << 20;
    private static final String REASON = "the reply was cut at the worker's reply budget (8 MiB for the replies of all its"
            + " users at once): lower target.max_reply_bytes or the users per worker, or give workers more heap (-Xmx,"
            + " --reply-budget)";

    @RegisterExtension
    final StreamReplayServer server = new StreamReplayServer();

    @Test
    void repliesPastTheWorkersBudgetAreCutWithOneReasonAndTheWorkerGoesOn(Vertx vertx, VertxTestContext ctx) {
        run(vertx, ctx, true);
    }

    @Test
    void onThePooledVertxClientToo(Vertx vertx, VertxTestContext ctx) {
        run(vertx, ctx, false);
    }

    private void run(Vertx vertx, VertxTestContext ctx, boolean lean) {
        SliceDriver.start(vertx, new WorkerOptions().lanes(2).leanHttp(lean).replyBudgetBytes(BUDGET))
                .compose(driver -> driver.run(TestScenarios.load("reply-budget.yaml", server.baseUrl())).map(hostile -> {
                    ctx.verify(() -> {
                        assertThat(hostile.step("stream").count()).isEqualTo(24);
                        assertThat(hostile.step("stream").failures()).containsExactly(Map.entry(REASON, 24L));
                        assertThat(hostile.step("body").count()).isEqualTo(24);
                        assertThat(hostile.step("body").failures()).containsExactly(Map.entry(REASON, 24L));
                        Counters c = hostile.counters();
                        assertThat(c.usersStarted).isEqualTo(12);
                        assertThat(c.usersFinished).isEqualTo(12);
                        assertThat(c.conversationsStarted).isEqualTo(24);
                        assertThat(c.conversationsFailed).isEqualTo(24);
                        assertThat(c.conversationsSucceeded + c.conversationsInterrupted).isZero();
                        assertThat(driver.worker().replyBudget().freeBytes()).as("every user gave its share back")
                                .isEqualTo(BUDGET);
                    });
                    return driver;
                }))
                .compose(driver -> driver.run(TestScenarios.load("reply-budget.yaml",
                        Map.of("TARGET", server.baseUrl(), "BYTES", "100000"))).map(calm -> {
                    ctx.verify(() -> {
                        assertThat(calm.step("stream").count()).isEqualTo(24);
                        assertThat(calm.step("stream").errors()).as("%s", calm.step("stream").failures()).isZero();
                        assertThat(calm.step("body").errors()).as("%s", calm.step("body").failures()).isZero();
                        assertThat(calm.counters().conversationsSucceeded).isEqualTo(24);
                        assertThat(driver.worker().replyBudget().freeBytes()).isEqualTo(BUDGET);
                    });
                    return calm;
                }))
                .onComplete(ctx.succeedingThenComplete());
    }
}
