package io.stampede.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The Wilson interval against the values Newcombe published for it (Stat Med 1998;17:857, Table I, method 3). */
class WilsonTest {
    @Test
    void theIntervalMatchesNewcombesPublishedExamples() {
        assertInterval(Wilson.of(81, 263), 0.2553, 0.3662);
        assertInterval(Wilson.of(15, 148), 0.0624, 0.1605);
        assertInterval(Wilson.of(0, 20), 0.0000, 0.1611);
        assertInterval(Wilson.of(1, 29), 0.0061, 0.1718);
    }

    @Test
    void allSuccessesMirrorNoneAndNoSampleSaysNothing() {
        Wilson none = Wilson.of(0, 20);
        Wilson all = Wilson.of(20, 20);
        assertThat(all.high()).isEqualTo(1.0);
        assertThat(all.low()).isCloseTo(1 - none.high(), within(1e-12));
        assertThat(Wilson.of(0, 0)).isEqualTo(new Wilson(0, 1));
    }

    @Test
    void aWiderZGivesAWiderInterval() {
        Wilson w95 = Wilson.of(40, 50);
        Wilson w99 = Wilson.of(40, 50, 2.5758293035489);
        assertThat(w99.low()).isLessThan(w95.low());
        assertThat(w99.high()).isGreaterThan(w95.high());
    }

    static void assertInterval(Wilson w, double low, double high) {
        assertThat(w.low()).as("low").isCloseTo(low, within(0.00005));
        assertThat(w.high()).as("high").isCloseTo(high, within(0.00005));
    }
}
