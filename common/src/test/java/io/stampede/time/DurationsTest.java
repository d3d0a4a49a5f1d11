package io.stampede.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;


class DurationsTest {

    @Test
    void everyUnitAndCombinationsParse() {
        assertThat(Durations.parse("1500ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse(" 0s ")).isZero();
    }

    @Test
    void aNumberWithoutUnitOrWithAWordIsRefusedWithAnExample() {
        assertThatThrownBy(() -> Durations.parse("30")).hasMessage("'30' is not a duration: write e.g. 1500ms, 10s, 2m or 1h");
        assertThatThrownBy(() -> Durations.parse("30 seconds")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parse("-1s")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRangeHasTwoEndsInOrder() {
        assertThat(Durations.parseRange("1s..3s")).isEqualTo(new DurationRange(Duration.ofSeconds(1), Duration.ofSeconds(3)));
        assertThat(Durations.parseRange("2s")).isEqualTo(DurationRange.fixed(Duration.ofSeconds(2)));
        assertThatThrownBy(() -> Durations.parseRange("3s..1s")).hasMessageContaining("ends before it starts");
    }

    @Test
    void ratesAreCountsPerUnit() {
        assertThat(Durations.parseRate("20/s").perSecond()).isEqualTo(20.0);
        assertThat(Durations.parseRate("600/m").perSecond()).isEqualTo(10.0);
        assertThat(Durations.parseRate("3600 / hour").perSecond()).isEqualTo(1.0);
        assertThatThrownBy(() -> Durations.parseRate("0/s")).hasMessageContaining("more than zero");
        assertThatThrownBy(() -> Durations.parseRate("20")).hasMessageContaining("is not a rate");
    }

    @Test
    void formatGivesTheShortestHumanForm() {
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0ms");
    }
}
