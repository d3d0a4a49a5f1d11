package io.stampede.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.junit.jupiter.api.Test;

/**
 * The Mann–Whitney test from histogram counts against worked examples: U and the normal
 * approximation without continuity correction, as SciPy ({@code mannwhitneyu(..., method="asymptotic",
 * use_continuity=False)}) and Commons Math compute them.
 */
class RankTestTest {
    private static final long[] MALES = {19, 22, 16, 29, 24};
    private static final long[] FEMALES = {20, 11, 17, 12};

    @Test
    void theSmallTextbookExampleHasUOf17() {
        // SciPy's documented example: U = 17 for the males, one-sided p 0.04321 (normal, no continuity correction).
        RankTest t = RankTest.of(Sample.of(FEMALES), Sample.of(MALES));

        assertThat(t.superiority()).isCloseTo(17.0 / 20, within(1e-12));
        assertThat(t.pHigher()).isCloseTo(0.04321, within(0.00001));
        assertThat(t.pLower()).isCloseTo(1 - 0.04321, within(0.00001));
        double twoSided = new MannWhitneyUTest().mannWhitneyUTest(toDoubles(MALES), toDoubles(FEMALES));
        assertThat(2 * t.pHigher()).isCloseTo(twoSided, within(1e-9));
        // Swapping the sides swaps the answer.
        RankTest swapped = RankTest.of(Sample.of(MALES), Sample.of(FEMALES));
        assertThat(swapped.superiority()).isCloseTo(3.0 / 20, within(1e-12));
        assertThat(swapped.pLower()).isCloseTo(t.pHigher(), within(1e-12));
    }

    @Test
    void tiesCountHalfAndShrinkTheVariance() {
        // SciPy 1.17: mannwhitneyu(b, a, alternative="greater", method="asymptotic", use_continuity=False)
        // gives U 45 and p 0.021672 with its tie correction; without it p would be larger.
        long[] a = {1, 2, 2, 3, 3, 3, 4};
        long[] b = {2, 3, 3, 4, 4, 5, 5, 6};
        RankTest t = RankTest.of(Sample.of(a), Sample.of(b));

        assertThat(t.superiority()).isCloseTo(45.0 / 56, within(1e-12));
        assertThat(t.pHigher()).isCloseTo(0.021672, within(0.000001));
    }

    @Test
    void identicalSamplesAreEvenAndEmptyOnesSayNothing() {
        RankTest same = RankTest.of(Sample.of(MALES), Sample.of(MALES));
        assertThat(same.superiority()).isEqualTo(0.5);
        assertThat(same.pHigher()).isCloseTo(0.5, within(1e-12));
        assertThat(RankTest.of(Sample.of(new long[0]), Sample.of(MALES))).isEqualTo(new RankTest(0.5, 1, 1));
        RankTest allTied = RankTest.of(Sample.of(new long[] {7, 7}), Sample.of(new long[] {7, 7, 7}));
        assertThat(allTied).isEqualTo(new RankTest(0.5, 1, 1));
    }

    private static double[] toDoubles(long[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
