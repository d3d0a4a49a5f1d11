package io.stampede.assist;

/**
 * What the judge said of one reply: its score and reasoning, or why it could not say
 * ({@code notEvaluated}: a timeout, an error, an answer without a score or outside the scale).
 *
 * @param prompt what the judge was asked (for the sampled events)
 * @param cached the verdict came from the cache: no call was made
 * @param latencyMs how long the judge took (0 from the cache)
 * @param tokens    the judge's tokens for it (0 from the cache)
 */
public record JudgeVerdict(Double score, String reasoning, String notEvaluated, String prompt, boolean cached, double latencyMs,
                           long tokens) {

    public boolean evaluated() {
        return notEvaluated == null;
    }

    JudgeVerdict fromCache() {
        return new JudgeVerdict(score, reasoning, notEvaluated, prompt, true, 0, 0);
    }

    JudgeVerdict withCost(double ms, long tokens) {
        return new JudgeVerdict(score, reasoning, notEvaluated, prompt, cached, ms, tokens);
    }
}
