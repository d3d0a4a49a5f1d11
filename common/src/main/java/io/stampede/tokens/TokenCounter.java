package io.stampede.tokens;

/**
 * How Stampede counts the tokens of a text when the target reports none: with the model
 * family's own tokenizer ({@link BpeCounter}: o200k_base, cl100k_base…) or, where none is known,
 * the labelled estimate ({@link TokenEstimator}). Its {@link #name()} is what the summary says a
 * count was made with ({@code tokens.counted_with}).
 *
 * <p>Counting runs once per turn, when the turn ends, on the lane's event loop: implementations
 * are thread-safe, keep no state per call, and bound their cost per call (see {@link BpeCounter}).
 */
public interface TokenCounter {
    /** The counter's name as reports show it: an encoding's name, or {@code estimate}. */
    String name();

    /** The tokens of {@code text}; 0 for null or empty. */
    long count(String text);

    /** The estimate: one token per CJK character, one per four other characters. */
    TokenCounter ESTIMATE = new TokenCounter() {
        @Override
        public String name() {
            return TokenCounters.ESTIMATE;
        }

        @Override
        public long count(String text) {
            return TokenEstimator.estimate(text);
        }

        @Override
        public String toString() {
            return name();
        }
    };
}
