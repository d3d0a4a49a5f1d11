package io.stampede.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The bootstrap of a quantile difference: no difference is covered by the interval; a real shift is not. */
class QuantileBootstrapTest {
    @Test
    void twoIdenticalHistogramsGiveAnIntervalAroundZero() {
        Sample base = latencies(2_000, 0, 1);
        for (double q : new double[] {0.5, 0.95, 0.99}) {
            QuantileBootstrap t = QuantileBootstrap.of(base, base, q, 0.95, 42);

            assertThat(t.delta()).as("p%s delta", q).isZero();
            assertThat(t.low()).as("p%s low", q).isLessThanOrEqualTo(0);
            assertThat(t.high()).as("p%s high", q).isGreaterThanOrEqualTo(0);
            assertThat(t.pHigher()).as("p%s pHigher", q).isGreaterThan(0.05);
            assertThat(t.pLower()).as("p%s pLower", q).isGreaterThan(0.05);
        }
    }

    @Test
    void aShiftOfTenPercentIsAnIntervalThatExcludesZero() {
        Sample base = latencies(2_000, 0, 1);
        Sample slower = latencies(2_000, 0, 1.1);
        for (double q : new double[] {0.5, 0.95}) {
            QuantileBootstrap t = QuantileBootstrap.of(base, slower, q, 0.95, 42);

            assertThat(t.low()).as("p%s low", q).isPositive();
            assertThat(t.high()).as("p%s high", q).isGreaterThan(t.low());
            assertThat(t.delta()).as("p%s delta inside", q).isBetween(t.low(), t.high());
            assertThat(t.pHigher()).as("p%s pHigher", q).isLessThan(0.01);
            assertThat(t.pLower()).as("p%s pLower", q).isGreaterThan(0.99);
        }
        // The other way round, the evidence is that the candidate is lower.
        QuantileBootstrap faster = QuantileBootstrap.of(slower, base, 0.5, 0.95, 42);
        assertThat(faster.high()).isNegative();
        assertThat(faster.pLower()).isLessThan(0.01);
    }

    @Test
    void twoSamplesOfOneDistributionAreCoveredAndTheSeedMakesItRepeatable() {
        Sample a = latencies(2_000, 1, 1);
        Sample b = latencies(2_000, 2, 1);
        QuantileBootstrap t = QuantileBootstrap.of(a, b, 0.5, 0.95, 7);

        assertThat(t.low()).isNegative();
        assertThat(t.high()).isPositive();
        assertThat(QuantileBootstrap.of(a, b, 0.5, 0.95, 7)).isEqualTo(t);
    }

    @Test
    void theMaximumIsBootstrappedWithoutFailing() {
        Sample base = Sample.of(new long[] {100, 200, 300});
        QuantileBootstrap t = QuantileBootstrap.of(base, base, 1.0, 0.95, 1);
        assertThat(t.delta()).isZero();
        assertThat(t.low()).isBetween(-200.0, 0.0);
        assertThat(t.high()).isBetween(0.0, 200.0);
    }

    /** Log-normal latencies in µs around 200 ms, the shape of an LLM turn, scaled by {@code factor}. */
    private static Sample latencies(int n, long seed, double factor) {
        Random random = new Random(seed);
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.round(factor * 200_000 * Math.exp(0.3 * random.nextGaussian()));
        }
        return Sample.of(v);
    }
}
