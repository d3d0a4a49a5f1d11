package io.stampede.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Which row each draw takes: every order, unique across users, and seeded. */
class DrawOrderTest {

    @Test
    void drawsOfDifferentUsersAndConversationsNeverCollide() {
        Set<Long> draws = new HashSet<>();
        int users = 37;
        for (int user = 0; user < users; user++) {
            for (int conversation = 1; conversation <= 20; conversation++) {
                assertThat(draws.add(DrawOrder.drawOf(user, conversation, users))).isTrue();
            }
        }
        assertThat(draws).hasSize(users * 20);
    }

    @Test
    void uniqueSequentialGivesEveryRowOnceThenNone() {
        DrawOrder order = DrawOrder.sequential(10, true);
        for (long d = 0; d < 10; d++) {
            assertThat(order.row(d)).isEqualTo(d);
        }
        assertThat(order.row(10)).isEqualTo(DrawOrder.EXHAUSTED);
        assertThat(DrawOrder.sequential(10, false).row(23)).isEqualTo(3);
    }

    @Test
    void randomIsAShuffleOfAllRowsPerPassSeededAndNewEachPass() {
        int rows = 1_001;
        DrawOrder order = DrawOrder.random(rows, 42, false);
        Set<Long> first = new HashSet<>();
        StringBuilder firstOrder = new StringBuilder();
        StringBuilder secondOrder = new StringBuilder();
        for (long d = 0; d < rows; d++) {
            long row = order.row(d);
            assertThat(row).isBetween(0L, rows - 1L);
            first.add(row);
            firstOrder.append(row).append(',');
            secondOrder.append(order.row(d + rows)).append(',');
        }
        assertThat(first).as("a pass is a permutation").hasSize(rows);
        assertThat(secondOrder.toString()).isNotEqualTo(firstOrder.toString());
        assertThat(DrawOrder.random(rows, 42, false).row(17)).isEqualTo(order.row(17));
        assertThat(firstOrder.toString()).isNotEqualTo(sequence(DrawOrder.random(rows, 43, false), rows));
        assertThat(DrawOrder.random(rows, 42, true).row(rows)).isEqualTo(DrawOrder.EXHAUSTED);
    }

    @Test
    void weightedDrawsFollowTheWeightsAndSkipRowsOfWeightZero() {
        DrawOrder order = DrawOrder.weighted(new double[] {1, 0, 3, 0}, 7);
        int[] counts = new int[4];
        int n = 40_000;
        for (long d = 0; d < n; d++) {
            counts[(int) order.row(d)]++;
        }
        assertThat(counts[1]).isZero();
        assertThat(counts[3]).isZero();
        assertThat(counts[2] / (double) n).isCloseTo(0.75, within(0.02));
    }

    private static String sequence(DrawOrder order, int n) {
        StringBuilder out = new StringBuilder();
        for (long d = 0; d < n; d++) {
            out.append(order.row(d)).append(',');
        }
        return out.toString();
    }
}
