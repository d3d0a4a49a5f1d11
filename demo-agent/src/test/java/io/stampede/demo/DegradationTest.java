package io.stampede.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;

/** The demo agent's degradation: nothing below its threshold, slower LLM calls past it, seeded mistakes further on. */
class DegradationTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    void belowTheThresholdOrSwitchedOffNothingChanges() {
        Degradation d = new Degradation(vertx, 7);
        inFlight(d, 9);
        assertThat(d.arrive(10, "c-1", 1)).isEqualTo(Degradation.Effect.NONE);   // the 10th turn: at the threshold
        assertThat(d.arrive(0, "c-1", 1)).isEqualTo(Degradation.Effect.NONE);    // 0: never
    }

    @Test
    void pastTheThresholdTheLlmSlowsDownAndFurtherOnTurnsGoWrong() {
        Degradation d = new Degradation(vertx, 7);
        inFlight(d, 11);
        Degradation.Effect at12 = d.arrive(10, "c-1", 1);
        assertThat(at12.llmSlowdown()).isEqualTo(1.2);
        assertThat(Degradation.mistakeChance(10, 12)).isZero();                 // slower, still right
        assertThat(Degradation.mistakeChance(10, 15)).isEqualTo(0.1);          // 0.5 × (15 − 12.5) / 12.5
        assertThat(Degradation.mistakeChance(10, 100)).isEqualTo(Degradation.MAX_MISTAKE_CHANCE);
    }

    @Test
    void mistakesAreSeededDeterministicAndAsFrequentAsTheirChance() {
        Degradation a = new Degradation(vertx, 42);
        Degradation b = new Degradation(vertx, 42);
        inFlight(a, 24);
        inFlight(b, 24);
        int wrong = 0;
        int skipped = 0;
        for (int c = 0; c < 4000; c++) {
            Degradation.Effect x = a.arrive(10, "conv-" + c, 1);
            assertThat(b.arrive(10, "conv-" + c, 1)).isEqualTo(x);
            if (x.mistake() == Degradation.Mistake.WRONG_INTENT) {
                wrong++;
            } else if (x.mistake() == Degradation.Mistake.SKIP_TOOL) {
                skipped++;
            }
        }
        double chance = Degradation.mistakeChance(10, 25); // 0.5 × (25 − 12.5) / 12.5 = 0.5
        assertThat((wrong + skipped) / 4000.0).isBetween(chance - 0.04, chance + 0.04);
        assertThat(wrong).isBetween(skipped * 8 / 10, skipped * 12 / 10);
    }

    /** n turns in flight for the next minute. */
    private static void inFlight(Degradation d, int n) {
        for (int i = 0; i < n; i++) {
            d.hold(60_000);
        }
    }
}
