package io.stampede.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.stampede.demo.DemoAgent;
import io.stampede.demo.DemoAgentOptions;
import io.stampede.engine.WorkerNode;
import io.stampede.engine.WorkerOptions;
import io.stampede.results.ResultFolder;
import io.stampede.results.Summary;
import io.stampede.run.CoordinatorOptions;
import io.stampede.run.Run;
import io.stampede.run.RunOverrides;
import io.stampede.scenario.ScenarioSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;

/**
 * Goodput judged on the worker, per conversation, and pass^k over repeated attempts, through a
 * whole embedded run against the demo agent: what the summary, stats.csv and timeseries.csv say.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class GoodputRunTest {
    @TempDir
    Path dataDir;

    @Test
    void aConversationWithAFailedCheckIsNotGoodAndPassKCountsWholeTasks(Vertx vertx, VertxTestContext ctx) {
        run(vertx, "half-good.yaml").onComplete(ctx.succeeding(run -> ctx.verify(() -> {
            Summary s = run.summary();
            Summary.Goodput g = s.goodput();
            assertThat(g.completed()).isEqualTo(24);
            assertThat(g.good()).isEqualTo(12);
            assertThat(g.share()).isEqualTo(50.0);
            assertThat(g.shareLow()).isBetween(29.0, 32.0); // Wilson 95 % of 12/24: 31.4–68.6
            assertThat(g.shareHigh()).isBetween(68.0, 71.0);
            assertThat(g.reasons()).containsExactly(new Summary.Failure("check ask expect.intent", 12));
            assertThat(g.timeToResolutionMs().count()).isEqualTo(24);
            assertThat(s.passK().k()).isEqualTo(2);
            assertThat(s.passK().tasks()).isEqualTo(12);
            assertThat(s.passK().passK()).isEqualTo(50.0);
            assertThat(s.passK().curve()).containsExactly(50.0, 50.0);
            assertThat(s.passK().steps()).extracting(Summary.PassKStep::step, Summary.PassKStep::passK)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("ask", 50.0),
                            org.assertj.core.groups.Tuple.tuple("follow_up", 100.0));
            assertThat(s.thresholds()).allMatch(Summary.ThresholdResult::passed);

            Path folder = dataDir.resolve(run.id());
            List<String> stats = Files.readAllLines(folder.resolve(ResultFolder.STATS));
            assertThat(stats).anyMatch(l -> l.startsWith("conversation,good,24,12,50,"));
            assertThat(stats).contains("not_good,check ask expect.intent,12,12,0,,,,,,,,,,,,,");
            List<String> timeseries = Files.readAllLines(folder.resolve(ResultFolder.TIMESERIES));
            assertThat(timeseries.get(0)).endsWith(",conversations_good,goodput_pct");
            long good = timeseries.stream().skip(1).map(l -> l.split(",", -1))
                    .mapToLong(cells -> Long.parseLong(cells[cells.length - 2])).sum();
            assertThat(good).as("good conversations per second add up").isLessThanOrEqualTo(12).isGreaterThan(0);
            ctx.completeNow();
        })));
    }

    @Test
    void aConversationThatMissesAnObjectiveIsNotGoodAndSaysWhich(Vertx vertx, VertxTestContext ctx) {
        run(vertx, "slo-breach.yaml").onComplete(ctx.succeeding(run -> ctx.verify(() -> {
            Summary s = run.summary();
            assertThat(s.successRate()).isEqualTo(100.0); // every check passed…
            assertThat(s.goodput().good()).isZero();      // …but none kept the objective
            assertThat(s.goodput().reasons()).containsExactly(new Summary.Failure("slo turn.tokens > 1 at ask", 4));
            assertThat(s.passK()).isNull();
            assertThat(s.thresholds()).singleElement().satisfies(t -> {
                assertThat(t.metric()).isEqualTo("goodput");
                assertThat(t.passed()).isFalse();
                assertThat(t.actual()).isEqualTo(0.0);
            });
            ctx.completeNow();
        })));
    }

    private Future<Run> run(Vertx vertx, String scenario) {
        return DemoAgent.start(vertx, new DemoAgentOptions().setLatencyScale(0).setSeed(13).setPort(0)).compose(agent ->
                Coordinator.start(vertx, new CoordinatorOptions().dataDir(dataDir).startDelayMs(500))
                        .compose(coordinator -> WorkerNode.start(vertx, new WorkerOptions().lanes(2)).map(coordinator))
                        .compose(coordinator -> coordinator.runs().submit(source(scenario, agent.port()), RunOverrides.NONE))
                        .compose(run -> run.completion().map(summary -> run)));
    }

    private static ScenarioSource source(String name, int agentPort) {
        Path file = Path.of("src/test/resources/goodput", name);
        try {
            return new ScenarioSource(Files.readString(file), name, file.getParent(),
                    Map.of("AGENT_URL", "http://127.0.0.1:" + agentPort), null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
