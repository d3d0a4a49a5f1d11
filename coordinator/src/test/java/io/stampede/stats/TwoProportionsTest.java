package io.stampede.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

/**
 * The difference of two proportions: Newcombe's hybrid score interval against his published values
 * (Stat Med 1998;17:873, Table II, method 10), and the pooled z-test against the uncorrected χ² test
 * of the same 2×2 table, which it equals (z² = χ²).
 */
class TwoProportionsTest {
    @Test
    void theIntervalMatchesNewcombesPublishedExamples() {
        // TwoProportions.of(base, candidate) is candidate − base; Newcombe's examples are first − second.
        assertInterval(TwoProportions.of(48, 80, 56, 70), 0.2, 0.0524, 0.3339);
        assertInterval(TwoProportions.of(3, 10, 9, 10), 0.6, 0.1705, 0.8090);
        assertInterval(TwoProportions.of(0, 29, 5, 56), 5.0 / 56, -0.0381, 0.1926);
        assertInterval(TwoProportions.of(0, 20, 0, 10), 0, -0.1611, 0.2775);
        assertInterval(TwoProportions.of(0, 10, 10, 10), 1, 0.6075, 1.0);
    }

    @Test
    void theOneSidedPValuesAreHalfTheTwoSidedChiSquareTest() {
        TwoProportions t = TwoProportions.of(48, 80, 56, 70);
        double chiSquare = new ChiSquareTest().chiSquareTest(new long[][] {{56, 14}, {48, 32}});

        assertThat(t.pHigher()).isCloseTo(chiSquare / 2, within(1e-9));
        assertThat(t.pHigher()).isCloseTo(0.00402, within(0.00001));
        assertThat(t.pLower()).isCloseTo(1 - chiSquare / 2, within(1e-9));
        // The same drop seen from the other side.
        assertThat(TwoProportions.of(56, 70, 48, 80).pLower()).isCloseTo(chiSquare / 2, within(1e-9));
    }

    @Test
    void equalRatesAreNoEvidenceEitherWay() {
        TwoProportions same = TwoProportions.of(95, 100, 190, 200);
        assertThat(same.delta()).isZero();
        assertThat(same.low()).isNegative();
        assertThat(same.high()).isPositive();
        assertThat(same.pLower()).isCloseTo(0.5, within(1e-9));
        assertThat(TwoProportions.of(10, 10, 20, 20).pLower()).isEqualTo(1);
        assertThat(TwoProportions.of(0, 0, 5, 10).pLower()).isEqualTo(1);
    }

    private static void assertInterval(TwoProportions t, double delta, double low, double high) {
        assertThat(t.delta()).as("delta").isCloseTo(delta, within(1e-12));
        assertThat(t.low()).as("low").isCloseTo(low, within(0.00005));
        assertThat(t.high()).as("high").isCloseTo(high, within(0.00005));
    }
}
