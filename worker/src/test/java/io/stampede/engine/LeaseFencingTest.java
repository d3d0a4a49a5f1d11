package io.stampede.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;

/**
 * A worker sends load only under a current lease from its coordinator: one that ran out (the
 * coordinator is silent, or the worker was paused) or was revoked (the coordinator declared the
 * worker lost and may hand its users to others) stops every request at once, timers or not.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LeaseFencingTest {

    @Test
    void noRequestLeavesAfterTheLeaseRanOut(Vertx vertx, VertxTestContext ctx) {
        // The watchdog alone would stop the load after 4 s of silence; the lease (1 s) must stop it first.
        WorkerOptions options = new WorkerOptions().lanes(2).coordinatorTimeoutMs(4_000);
        TestServer.start(vertx, TestServer.ok())
                .compose(server -> SliceDriver.start(vertx, options).compose(driver -> {
                    driver.leaseMs(1_000);
                    vertx.setTimer(1_500, id -> driver.stopBeating());
                    return driver.run(TestScenarios.load("watchdog.yaml", server.url()))
                            .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
                                // The last grant was asked for before the silence began: the lease ends within a second of it.
                                long leaseGoneBy = driver.beatsStoppedAtMs() + 1_000;
                                assertThat(server.hits(h -> h.atMs < driver.beatsStoppedAtMs()))
                                        .as("load while the lease was renewed").hasSizeGreaterThan(10);
                                assertThat(server.hits(h -> h.atMs > leaseGoneBy + 50)).as("requests after the lease ran out").isEmpty();
                                assertThat(result.counters().usersFinished).as("every user ended").isEqualTo(2);
                                ctx.completeNow();
                            })));
                }));
    }

    @Test
    void aRevokedLeaseStopsTheSliceAndNothingMoreIsSent(Vertx vertx, VertxTestContext ctx) {
        WorkerOptions options = new WorkerOptions().lanes(2).coordinatorTimeoutMs(20_000);
        TestServer.start(vertx, TestServer.ok())
                .compose(server -> SliceDriver.start(vertx, options).compose(driver -> {
                    long[] revokedAt = new long[1];
                    vertx.setTimer(1_500, id -> {
                        revokedAt[0] = System.currentTimeMillis();
                        driver.revokeLease();
                    });
                    return driver.run(TestScenarios.load("watchdog.yaml", server.url()))
                            .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
                                // Learnt at the next renewal (every 500 ms), then not one request more.
                                long stopped = result.finishedAtMs();
                                assertThat(stopped - revokedAt[0]).as("ms from the revocation to the lanes' end").isBetween(0L, 1_500L);
                                assertThat(server.hits(h -> h.atMs > revokedAt[0] + 1_000)).as("requests after the revocation was learnt")
                                        .isEmpty();
                                assertThat(result.counters().conversationsStarted).isEqualTo(result.counters().conversationsSucceeded
                                        + result.counters().conversationsFailed + result.counters().conversationsInterrupted);
                                ctx.completeNow();
                            })));
                }));
    }
}
