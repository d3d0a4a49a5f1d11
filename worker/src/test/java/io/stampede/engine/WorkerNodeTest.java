package io.stampede.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.stampede.bus.Bus;
import io.stampede.bus.BusReplyException;
import io.stampede.load.LoadProfile;
import io.stampede.scenario.Scenario;
import io.stampede.secret.ClusterSecret;
import io.stampede.wire.Addresses;
import io.stampede.wire.ScenarioPayload;
import io.stampede.wire.SliceAccepted;
import io.stampede.wire.SlicePlan;
import io.stampede.wire.StartSlice;
import io.stampede.wire.StopRun;
import io.stampede.wire.WireCodec;
import io.stampede.wire.WireMessage;
import io.stampede.wire.WorkerHeartbeat;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;

/** The worker on the bus: the coordinator-loss watchdog, StopRun, heartbeats, and slices it refuses. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WorkerNodeTest {

    @Test
    void aWorkerThatLosesItsCoordinatorStopsTheLoadWellWithinTenSeconds(Vertx vertx, VertxTestContext ctx) {
        WorkerOptions options = new WorkerOptions().lanes(2).coordinatorTimeoutMs(1_500);
        TestServer.start(vertx, TestServer.ok())
                .compose(server -> SliceDriver.start(vertx, options).compose(driver -> {
                    vertx.setTimer(2_000, id -> driver.stopBeating());
                    return driver.run(TestScenarios.load("watchdog.yaml", server.url()))
                            .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
                                long silentFor = result.finishedAtMs() - driver.beatsStoppedAtMs();
                                assertThat(silentFor).as("ms from the last beat to the lanes' last reports")
                                        .isBetween(1_000L, 5_000L);
                                assertThat(server.hits(h -> h.atMs > result.startAtMs() + 1_500))
                                        .as("the load went on while the coordinator beat").isNotEmpty();
                                assertThat(server.hits(h -> h.atMs > result.finishedAtMs())).as("no load after the stop").isEmpty();
                                assertThat(result.lastReports()).hasSize(2).allSatisfy(r -> assertThat(r.activeUsers()).isZero());
                                assertThat(result.counters().usersStarted).isEqualTo(2);
                                assertThat(result.counters().usersFinished).isEqualTo(2);
                                ctx.completeNow();
                            })));
                }));
    }

    @Test
    void stopRunEndsTheLoadAtOnceAndTheLanesStillDeliverTheirTotals(Vertx vertx, VertxTestContext ctx) {
        String runId = SliceDriver.newRunId();
        TestServer.start(vertx, TestServer.after(vertx, 20, new TestServer.Reply(200, "{\"reply\":\"ok\"}")))
                .compose(server -> SliceDriver.start(vertx).compose(driver -> {
                    long[] stopSentAt = new long[1];
                    vertx.setTimer(1_500, id -> {
                        stopSentAt[0] = System.currentTimeMillis();
                        driver.bus().publish(Addresses.workerStop(driver.worker().workerId(), driver.worker().nodeId()),
                                new StopRun(WireMessage.VERSION, runId, "test says stop", false));
                    });
                    return driver.run(runId, TestScenarios.load("long-run.yaml", server.url()))
                            .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
                                assertThat(result.finishedAtMs() - stopSentAt[0]).as("ms to stop").isBetween(0L, 1_500L);
                                assertThat(result.counters().usersFinished).isEqualTo(3);
                                assertThat(result.counters().conversationsStarted).isPositive()
                                        .isEqualTo(result.counters().conversationsSucceeded + result.counters().conversationsInterrupted);
                                assertThat(result.step("turn_1").count()).isEqualTo(result.counters().conversationsSucceeded);
                                ctx.completeNow();
                            })));
                }));
    }

    @Test
    void heartbeatsTellCapacityActiveUsersAndRuns(Vertx vertx, VertxTestContext ctx) {
        String runId = SliceDriver.newRunId();
        TestServer.start(vertx, TestServer.after(vertx, 20, new TestServer.Reply(200, "{\"reply\":\"ok\"}")))
                .compose(server -> SliceDriver.start(vertx, new WorkerOptions().workerId("w-beats").capacity(321).lanes(2))
                        .compose(driver -> {
                            driver.bus().listen(Addresses.WORKER_HEARTBEAT, WorkerHeartbeat.class, message -> {
                                WorkerHeartbeat hb = message.body();
                                if (hb.runs().contains(runId) && hb.activeUsers() == 3) {
                                    ctx.verify(() -> {
                                        assertThat(hb.workerId()).isEqualTo("w-beats");
                                        assertThat(hb.capacity()).isEqualTo(321);
                                        assertThat(hb.version()).isEqualTo(WorkerNode.VERSION);
                                    });
                                    driver.bus().publish(Addresses.workerStop("w-beats", driver.worker().nodeId()),
                                            new StopRun(WireMessage.VERSION, runId, "seen", false));
                                }
                            });
                            return driver.run(runId, TestScenarios.load("long-run.yaml", server.url()));
                        }))
                .onComplete(ctx.succeeding(result -> ctx.completeNow()));
    }

    @Test
    void aStartSliceOfAnotherProtocolVersionIsRefusedSayingSo(Vertx vertx, VertxTestContext ctx) {
        WorkerOptions options = new WorkerOptions();
        WorkerNode.start(vertx, options)
                .compose(worker -> Bus.start(vertx, options.clusterSecret()).compose(bus -> bus.request(
                        Addresses.workerStart(worker.workerId(), worker.nodeId()),
                        new StartSlice(99, "r", "s0", "c", 1, null, null), SliceAccepted.class, 5_000)))
                .onComplete(ctx.failing(failure -> ctx.verify(() -> {
                    assertThat(failure).isInstanceOf(BusReplyException.class).hasMessageContaining("protocol version 99");
                    ctx.completeNow();
                })));
    }

    @Test
    void aStartSliceNotSealedWithTheClusterSecretGetsNoAnswerAndStartsNothing(Vertx vertx, VertxTestContext ctx) {
        WorkerOptions options = new WorkerOptions().workerId("w-sealed");
        String runId = SliceDriver.newRunId();
        StartSlice start = new StartSlice(WireMessage.VERSION, runId, "s0", SliceDriver.COORDINATOR_ID, 1,
                new ScenarioPayload(TestScenarios.text("invalid.yaml"), "x", Map.of(), null, List.of(), List.of()),
                SlicePlan.range(LoadProfile.closed(3, 0, -1, 1, 0), 0, 3));
        WorkerNode.start(vertx, options)
                .compose(worker -> {
                    String address = Addresses.workerStart(worker.workerId(), worker.nodeId());
                    vertx.eventBus().publish(address, WireCodec.encode(start)); // plain JSON, as a node without the secret sends it
                    return Bus.start(vertx, ClusterSecret.random())
                            .compose(rogue -> rogue.request(address, start, SliceAccepted.class, 1_000));
                })
                .onComplete(ctx.failing(failure -> ctx.verify(() -> {
                    assertThat(failure).hasMessageContaining("no answer");
                    ctx.completeNow();
                })));
    }

    @Test
    void aScenarioThatDoesNotLoadOnTheWorkerIsRefusedSayingWhy(Vertx vertx, VertxTestContext ctx) {
        ScenarioPayload payload = new ScenarioPayload(TestScenarios.text("invalid.yaml"), "invalid.yaml",
                Map.of("TARGET", "http://127.0.0.1:9"), null, List.of(), List.of());
        StartSlice start = new StartSlice(WireMessage.VERSION, "run-invalid", "s0", SliceDriver.COORDINATOR_ID, 1, payload,
                SlicePlan.range(LoadProfile.closed(3, 0, -1, 1, 0), 0, 3));
        WorkerOptions options = new WorkerOptions().workerId("w-picky");
        WorkerNode.start(vertx, options)
                .compose(worker -> Bus.start(vertx, options.clusterSecret()).compose(bus -> bus.request(
                        Addresses.workerStart(worker.workerId(), worker.nodeId()), start, SliceAccepted.class, 10_000)))
                .onComplete(ctx.failing(failure -> ctx.verify(() -> {
                    assertThat(failure.getMessage()).contains("scenario does not load on worker w-picky").contains("usres");
                    ctx.completeNow();
                })));
    }

    @Test
    void theSameSliceTwiceIsRefused(Vertx vertx, VertxTestContext ctx) {
        String runId = SliceDriver.newRunId();
        TestServer.start(vertx, TestServer.ok())
                .compose(server -> SliceDriver.start(vertx).compose(driver -> {
                    Scenario scenario = TestScenarios.load("long-run.yaml", server.url());
                    Future<SliceResult> first = driver.run(runId, scenario);
                    StartSlice again = new StartSlice(WireMessage.VERSION, runId, "s0", SliceDriver.COORDINATOR_ID, 1,
                            SliceDriver.payload(scenario), SlicePlan.range(LoadProfile.closed(3, 0, 60_000, 0, 0), 0, 3));
                    return vertx.timer(500)
                            .compose(t -> driver.bus().request(Addresses.workerStart(driver.worker().workerId(),
                                    driver.worker().nodeId()), again, SliceAccepted.class, 10_000))
                            .eventually(() -> {
                                driver.bus().publish(Addresses.workerStop(driver.worker().workerId(), driver.worker().nodeId()),
                                        new StopRun(WireMessage.VERSION, runId, "done", false));
                                return first;
                            });
                }))
                .onComplete(ctx.failing(failure -> ctx.verify(() -> {
                    assertThat(failure.getMessage()).contains("already running");
                    ctx.completeNow();
                })));
    }
}
