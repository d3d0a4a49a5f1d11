package io.stampede.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class SharesTest {

    @Test
    void partsFollowTheWeightsAndAddUpToTheWhole() {
        assertThat(Shares.split(10, new long[] {3, 5, 2})).containsExactly(3, 5, 2);
        assertThat(Shares.split(7, new long[] {1, 1, 1})).containsExactly(3, 2, 2);
        assertThat(Shares.split(0, new long[] {4, 1})).containsExactly(0, 0);
        assertThat(Shares.split(5, new long[] {0, 1})).containsExactly(0, 5);
    }

    @Test
    void theLargestRemaindersGetTheExtraOnes() {
        // quotas 2.5, 1.25, 6.25 of 10: floors 2, 1, 6 and one left for the 0.5 remainder
        assertThat(Shares.split(10, new long[] {4, 2, 10})).containsExactly(3, 1, 6);
    }

    @Test
    void everySplitIsExactAndWithinOneOfItsQuota() {
        SplittableRandom random = new SplittableRandom(42);
        for (int trial = 0; trial < 2_000; trial++) {
            int total = random.nextInt(0, 200_000);
            long[] weights = new long[random.nextInt(1, 40)];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = random.nextInt(0, 20_000);
            }
            weights[random.nextInt(weights.length)] += 1; // at least one weight
            long sum = Arrays.stream(weights).sum();

            int[] parts = Shares.split(total, weights);

            assertThat(Arrays.stream(parts).sum()).isEqualTo(total);
            for (int i = 0; i < parts.length; i++) {
                double quota = (double) total * weights[i] / sum;
                assertThat((double) parts[i]).isBetween(Math.floor(quota), Math.floor(quota) + 1);
            }
            assertThat(Shares.split(total, weights)).as("the same inputs, the same split").isEqualTo(parts);
        }
    }

    @Test
    void offsetsLayThePartsEndToEnd() {
        assertThat(Shares.offsets(Shares.even(10, 4))).containsExactly(0, 3, 6, 8, 10);
    }

    @Test
    void nothingToSplitByIsAClearError() {
        assertThatThrownBy(() -> Shares.split(3, new long[] {0, 0})).hasMessageContaining("no weight");
        assertThatThrownBy(() -> Shares.split(3, new long[] {-1, 2})).hasMessageContaining("negative");
    }
}
