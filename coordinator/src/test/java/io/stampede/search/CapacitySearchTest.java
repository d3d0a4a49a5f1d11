package io.stampede.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.stampede.coordinator.Coordinator;
import io.stampede.demo.DemoAgent;
import io.stampede.demo.DemoAgentOptions;
import io.stampede.engine.WorkerNode;
import io.stampede.engine.WorkerOptions;
import io.stampede.run.CoordinatorOptions;
import io.stampede.scenario.InvalidScenarioException;
import io.stampede.scenario.ScenarioSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;

/**
 * A capacity search through a real coordinator, worker and a demo agent that degrades past 8 turns
 * in flight: it steps up, finds a level that fails, bisects, and answers with the highest level
 * that held — below the failing one, never above the maximum — with its files written.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 150, timeUnit = TimeUnit.SECONDS)
class CapacitySearchTest {
    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 150, timeUnit = TimeUnit.SECONDS)
    void aSearchStepsUpBisectsAndAnswersWithTheHighestLevelThatHeld(Vertx vertx, VertxTestContext ctx) {
        SearchOptions options = new SearchOptions(SearchGoal.parse("goodput >= 95%"), 4.0, 16.0, 2, 30, Duration.ofSeconds(1),
                Duration.ofSeconds(2), 4.0);
        search(vertx, options).compose(CapacitySearch::completion).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.status()).as(r.reason()).isEqualTo("done");
            assertThat(r.levels()).extracting(LevelResult::target).startsWith(4.0, 8.0);
            assertThat(r.levels()).allMatch(l -> l.target() <= 16.0, "never above the maximum");
            assertThat(r.levels().get(0).holds()).as("4 users, nothing degraded: %s", r.levels().get(0)).isTrue();
            assertThat(r.holds()).isNotNull();
            assertThat(r.failsAt()).isNotNull().isGreaterThan(r.holds().target()).isLessThanOrEqualTo(16.0);
            assertThat(r.holds().low()).as("held on the interval's lower bound").isGreaterThanOrEqualTo(95.0);
            assertThat(r.levels()).filteredOn(l -> l.target() > r.holds().target()).noneMatch(LevelResult::holds);
            assertThat(r.answer()).startsWith("holds " + CapacitySearch.format(r.holds().target()) + " users at ")
                    .contains("goodput [").contains("; fails at " + CapacitySearch.format(r.failsAt()));
            assertThat(r.passed()).isTrue(); // require 4
            LevelResult failing = r.levels().stream().filter(l -> l.target() == r.failsAt()).findFirst().orElseThrow();
            assertThat(failing.figures().checks()).anyMatch(c -> c.passRate() < 100); // behaviour broke: intents, tools
            Path folder = dataDir.resolve(r.id());
            assertThat(Files.readString(folder.resolve("search.json"))).contains("\"answer\" : \"holds ");
            vertx.setTimer(500, t -> ctx.verify(() -> {
                assertThat(Files.readString(folder.resolve("report.html"))).contains("Capacity search", "quality-chart");
                ctx.completeNow();
            }));
        })));
    }

    @Test
    void aScenarioWithStagesIsRefused(Vertx vertx, VertxTestContext ctx) {
        Coordinator.start(vertx, new CoordinatorOptions().dataDir(dataDir)).compose(c -> c.searches().submit(
                new ScenarioSource("scenario: s\ntarget: {base_url: http://127.0.0.1:9}\nload: {stages: [{duration: 5s, users: 2}]}\n"
                        + "steps: [{send: hi}]\n", "s.yaml", null, Map.of(), null), SearchOptions.of(SearchGoal.parse("goodput >= 90%"))))
                .onComplete(ctx.failing(e -> ctx.verify(() -> {
                    assertThat(e).isInstanceOf(InvalidScenarioException.class).hasMessageContaining("not stages");
                    ctx.completeNow();
                })));
    }

    @Test
    void goalsAreReadAsUsersWriteThem() {
        assertThat(SearchGoal.parse("goodput >= 95%")).isEqualTo(new SearchGoal("goodput", 95));
        assertThat(SearchGoal.parse(" goodput>=99.5 % ").percent()).isEqualTo(99.5);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SearchGoal.parse("p95 < 2s"))
                .hasMessageContaining("write e.g. \"goodput >= 95%\"");
    }

    private Future<CapacitySearch> search(Vertx vertx, SearchOptions options) {
        return DemoAgent.start(vertx, new DemoAgentOptions().setLatencyScale(0.2).setSeed(21).setPort(0)).compose(agent ->
                Coordinator.start(vertx, new CoordinatorOptions().dataDir(dataDir).startDelayMs(200))
                        .compose(c -> WorkerNode.start(vertx, new WorkerOptions().lanes(1)).map(c))
                        .compose(c -> c.searches().submit(source(agent.port()), options)));
    }

    private static ScenarioSource source(int port) {
        Path file = Path.of("src/test/resources/search/degrading.yaml");
        try {
            return new ScenarioSource(Files.readString(file), "degrading.yaml", file.getParent(),
                    Map.of("AGENT_URL", "http://127.0.0.1:" + port), null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
