package io.stampede.check;

/**
 * Tokens of one turn. {@code reported} tells whether the server said so (usage block) or
 * the numbers were counted by us.
 */
public record Usage(long inputTokens, long outputTokens, long reasoningTokens, long cachedTokens, boolean reported) {
    public static final Usage NONE = new Usage(0, 0, 0, 0, false);

    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}
