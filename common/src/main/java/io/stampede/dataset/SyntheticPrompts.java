package io.stampede.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Prompts made up to a length, as serving benchmarks make them: each turn's input is
 * {@code input} tokens long and asks for {@code output} tokens ({@code max_tokens}), both drawn
 * from their distributions. The text is words of three letters from a fixed list, one space
 * between: each word is one token for the common BPE tokenizers and for Stampede's own estimate
 * (four characters a token), so the target's reported input tokens match the length asked for.
 * The same draw always makes the same conversation (seeded by the run's seed and the draw), and
 * different draws make different texts, so no prompt is a cache hit of another by accident.
 *
 * @param output null: no {@code max_tokens} is asked for
 */
public record SyntheticPrompts(Distribution input, Distribution output, int turns, long seed) {
    private static final String[] WORDS = ("the and for are but not you all any can had her was one our out day get has him his"
            + " how man new now old see two way who boy did its let put say she too use act add age ago air arm art ask bad bag"
            + " bed big box bus buy car cat cup cut dog dry ear eat egg end eye far few fit fly fun gas god gun guy hat hit hot"
            + " ice job key kid law lay leg lie lot low map may mix mom net nor oil own pay per pop red run sea set sir sit six"
            + " sky son sun tax tea ten tie top toy try war win yes yet").split(" ");

    public Conversation conversation(long draw) {
        SplittableRandom random = new SplittableRandom(DrawOrder.mix(seed ^ DrawOrder.mix(draw + 1)));
        List<Conversation.Turn> list = new ArrayList<>(turns);
        for (int t = 0; t < turns; t++) {
            int tokens = input.sample(random);
            int maxTokens = output == null ? 0 : output.sample(random);
            list.add(new Conversation.Turn(text(tokens, random), null, -1, maxTokens));
        }
        return new Conversation(draw, null, list, -1);
    }

    /** {@code tokens} words: 4 × tokens − 1 characters, {@code tokens} tokens by the estimate. */
    static String text(int tokens, SplittableRandom random) {
        StringBuilder text = new StringBuilder(tokens * 4);
        for (int i = 0; i < tokens; i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.toString();
    }
}
