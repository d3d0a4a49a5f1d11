package io.stampede.scenario;

/** Price of a model in currency units per million tokens, to turn tokens into cost. */
public record Pricing(double inputPer1m, double outputPer1m) {
    public double cost(long inputTokens, long outputTokens) {
        return (inputTokens * inputPer1m + outputTokens * outputPer1m) / 1_000_000.0;
    }
}
