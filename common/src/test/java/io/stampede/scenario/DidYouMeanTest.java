package io.stampede.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class DidYouMeanTest {
    private static final List<String> KEYS = List.of("users", "ramp_up", "duration", "iterations", "think_time");

    @Test
    void aTypoWithinTwoEditsFindsTheKey() {
        assertThat(DidYouMean.suggest("usres", KEYS)).contains("users");
        assertThat(DidYouMean.suggest("Duraton", KEYS)).contains("duration");
    }

    @Test
    void aPrefixFindsTheKey() {
        assertThat(DidYouMean.suggest("iter", KEYS)).contains("iterations");
        assertThat(DidYouMean.suggest("think_time_ms", KEYS)).contains("think_time");
    }

    @Test
    void nothingCloseGivesTheListInstead() {
        assertThat(DidYouMean.suggest("colour", KEYS)).isEmpty();
        assertThat(DidYouMean.hint("colour", KEYS, "valid keys are"))
                .isEqualTo("valid keys are users, ramp_up, duration, iterations, think_time");
    }
}
