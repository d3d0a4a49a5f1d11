package io.stampede.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Holm's step-down adjustment against worked examples (Holm 1979; R's {@code p.adjust(p, "holm")}). */
class HolmTest {
    @Test
    void theTextbookExampleRejectsTheTwoSmallestAtFivePercent() {
        // Four hypotheses at α 0.05: sorted 0.005, 0.01, 0.03, 0.04 are compared with α/4, α/3, α/2, α;
        // 0.03 > 0.025 stops the procedure, so only the first two are rejected.
        double[] adjusted = Holm.adjust(new double[] {0.01, 0.04, 0.03, 0.005});

        assertThat(adjusted).containsExactly(new double[] {0.03, 0.06, 0.06, 0.02}, within(1e-12));
        assertThat(adjusted[0]).isLessThan(0.05);
        assertThat(adjusted[3]).isLessThan(0.05);
        // 0.04 alone would pass at α, but Holm stops at the first that fails: its adjusted value keeps the running maximum.
        assertThat(adjusted[1]).isGreaterThan(0.05);
    }

    @Test
    void adjustedValuesKeepTheOrderOfTheRawOnesAndNeverExceedOne() {
        // p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "holm") in R.
        assertThat(Holm.adjust(new double[] {0.01, 0.02, 0.03, 0.04, 0.05}))
                .containsExactly(new double[] {0.05, 0.08, 0.09, 0.09, 0.09}, within(1e-12));
        assertThat(Holm.adjust(new double[] {0.5, 0.9, 0.4})).containsExactly(new double[] {1, 1, 1}, within(1e-12));
        assertThat(Holm.adjust(new double[] {0.02})).containsExactly(0.02);
        assertThat(Holm.adjust(new double[0])).isEmpty();
    }
}
