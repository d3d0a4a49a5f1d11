package io.stampede.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.stampede.tokens.TokenEstimator;

/** Prompts of the lengths asked for, drawn from each distribution, the same for the same draw. */
class SyntheticPromptsTest {

    @Test
    void aPromptIsAsManyTokensAsDrawnAndAsksForItsOutputLength() {
        SyntheticPrompts prompts = new SyntheticPrompts(new Distribution(Distribution.Kind.UNIFORM, 100, 400, List.of(), 1, 1_000_000),
                Distribution.fixed(64), 2, 9);
        for (long draw = 0; draw < 200; draw++) {
            Conversation c = prompts.conversation(draw);
            assertThat(c.turns()).hasSize(2);
            for (Conversation.Turn t : c.turns()) {
                int tokens = TokenEstimator.estimate(t.user());
                assertThat(tokens).isBetween(100, 400);
                assertThat(t.user().split(" ")).hasSize(tokens);
                assertThat(t.maxTokens()).isEqualTo(64);
            }
        }
        assertThat(prompts.conversation(5)).isEqualTo(prompts.conversation(5));
        assertThat(prompts.conversation(5).turns().get(0).user()).isNotEqualTo(prompts.conversation(6).turns().get(0).user());
    }

    @Test
    void eachDistributionHasItsMeanAndStaysWithinItsBounds() {
        SplittableRandom random = new SplittableRandom(1);
        Distribution normal = new Distribution(Distribution.Kind.NORMAL, 512, 64, List.of(), 300, 700);
        Distribution histogram = new Distribution(Distribution.Kind.HISTOGRAM, 0, 0,
                List.of(new Distribution.Bucket(128, 128, 3), new Distribution.Bucket(1000, 2000, 1)), 1, 1_000_000);
        double normalSum = 0;
        int small = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            int a = normal.sample(random);
            assertThat(a).isBetween(300, 700);
            normalSum += a;
            int b = histogram.sample(random);
            assertThat(b == 128 || (b >= 1000 && b <= 2000)).isTrue();
            small += b == 128 ? 1 : 0;
        }
        assertThat(normalSum / n).isCloseTo(512, within(3.0));
        assertThat(small / (double) n).isCloseTo(0.75, within(0.02));
        assertThat(histogram.mean()).isCloseTo(0.75 * 128 + 0.25 * 1500, within(0.001));
    }
}
