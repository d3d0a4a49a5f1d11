package io.stampede.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.stampede.aggregate.LoadLevels;
import io.stampede.load.LoadProfile;
import io.stampede.metrics.KeyStats;
import io.stampede.metrics.MetricKey;
import io.stampede.metrics.MetricsSnapshot;
import io.stampede.scenario.Scenario;
import io.stampede.scenario.ScenarioLoader;
import io.stampede.scenario.ScenarioSource;

/** Load levels of a run with stages, their figures, and the knee where goodput stopped holding. */
class LevelFiguresTest {
    @Test
    void holdsOfAStagedLoadAreItsLevelsWithoutTheirFirstSeconds() {
        LoadProfile stepped = LoadProfile.stagesOfUsers(List.of(new LoadProfile.Stage(5_000, 0, 10),
                new LoadProfile.Stage(20_000, 10, 10), new LoadProfile.Stage(5_000, 10, 20), new LoadProfile.Stage(20_000, 20, 20)),
                20, 0, 1000);

        assertThat(LoadLevels.of(stepped, 0).levels()).extracting(l -> l.window())
                .containsExactly(new LoadLevels.Window(10, "users", 10, 25), new LoadLevels.Window(20, "users", 35, 50));
        assertThat(LoadLevels.of(LoadProfile.closed(10, 0, 40_000, 0, 1000), 10_000).levels()).extracting(l -> l.window())
                .containsExactly(new LoadLevels.Window(10, "users", 10, 40));
        assertThat(LoadLevels.of(LoadProfile.closed(10, 0, 40_000, 0, 1000), 0).isEmpty()).isTrue();
    }

    @Test
    void eachLevelHasItsGoodputChecksAndLatencyAndTheKneeIsTheLastThatHeld() throws Exception {
        LoadLevels levels = new LoadLevels(List.of(new LoadLevels.Window(10, "users", 0, 10),
                new LoadLevels.Window(20, "users", 10, 20), new LoadLevels.Window(40, "users", 20, 30)));
        // 10 users: all good; 20: 98 of 100 good; 40: 70 of 100 good, its intent check failing.
        feed(levels, 0, 100, 100, 200_000);
        feed(levels, 10, 100, 98, 210_000);
        feed(levels, 20, 100, 70, 240_000);

        List<Summary.Level> figures = LevelFigures.of(levels, scenario());

        assertThat(figures).extracting(Summary.Level::load, Summary.Level::completed, Summary.Level::good, Summary.Level::goodput,
                Summary.Level::knee).containsExactly(tuple("10 users", 100L, 100L, 100.0, false),
                tuple("20 users", 100L, 98L, 98.0, true), tuple("40 users", 100L, 70L, 70.0, false));
        Summary.Level knee = figures.get(1);
        assertThat(knee.goodputLow()).isBetween(92.0, 93.5);   // Wilson 95% of 98/100: 93.0–99.4
        assertThat(knee.goodPerSecond()).isEqualTo(9.8);
        assertThat(knee.latencyMs().p50()).isBetween(209.0, 211.0);
        assertThat(figures.get(2).checks()).singleElement().satisfies(c -> {
            assertThat(c.check()).isEqualTo("expect.intent");
            assertThat(c.passRate()).isEqualTo(70.0);
        });
        assertThat(knee.costPerGood()).isNotNull();
    }

    /** Ten seconds from {@code from}, a tenth of the conversations each, every step at {@code micros}. */
    private static void feed(LoadLevels levels, long from, int conversations, int good, long micros) {
        for (int s = 0; s < 10; s++) {
            MetricsSnapshot second = new MetricsSnapshot();
            for (int c = 0; c < conversations / 10; c++) {
                boolean ok = s * (conversations / 10) + c < good;
                KeyStats conv = second.key(MetricKey.CONVERSATIONS);
                conv.record(2 * micros, ok);
                second.key(MetricKey.check("ask", "expect.intent")).record(-1, ok);
                KeyStats step = second.key(MetricKey.step("ask"));
                step.record(micros, ok);
                step.addTokens(300, 100);
            }
            levels.add(from + s, second);
        }
    }

    private static Scenario scenario() throws Exception {
        return ScenarioLoader.load(new ScenarioSource("""
                scenario: levels
                target: { base_url: "http://127.0.0.1:9", model: m }
                steps: [ { send: hi, name: ask } ]
                thresholds: { goodput: ">= 95%" }
                pricing: { m: { input_per_1m: 2.0, output_per_1m: 8.0 } }
                """, "levels.yaml", null, java.util.Map.of(), null));
    }
}
