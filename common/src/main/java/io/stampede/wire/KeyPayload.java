package io.stampede.wire;

import java.util.Map;

/**
 * One {@code KeyStats} on the wire; {@code histogram} is HdrHistogram's compressed form, base64.
 * Reasoning and cached tokens came later, and where tokens came from (executions whose tokens
 * the target reported, or Stampede counted) later still: a message without them decodes them as 0.
 */
public record KeyPayload(
        String key,
        String histogram,
        long count,
        long errors,
        long inputTokens,
        long outputTokens,
        Map<String, Long> failures,
        long reasoningTokens,
        long cachedTokens,
        long turnsReported,
        long turnsCounted) {

    /** Without reasoning and cached tokens (both 0). */
    public KeyPayload(String key, String histogram, long count, long errors, long inputTokens, long outputTokens,
                      Map<String, Long> failures) {
        this(key, histogram, count, errors, inputTokens, outputTokens, failures, 0, 0);
    }

    /** The same key with other failure reasons (the masked ones), every other field as it is. */
    public KeyPayload withFailures(Map<String, Long> reasons) {
        return new KeyPayload(key, histogram, count, errors, inputTokens, outputTokens, reasons, reasoningTokens, cachedTokens,
                turnsReported, turnsCounted);
    }

    /** Without where the tokens came from. */
    public KeyPayload(String key, String histogram, long count, long errors, long inputTokens, long outputTokens,
                      Map<String, Long> failures, long reasoningTokens, long cachedTokens) {
        this(key, histogram, count, errors, inputTokens, outputTokens, failures, reasoningTokens, cachedTokens, 0, 0);
    }
}
