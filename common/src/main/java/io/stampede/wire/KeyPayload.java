package io.stampede.wire;

import java.util.Map;

/** One {@code KeyStats} on the wire; {@code histogram} is HdrHistogram's compressed form, base64. */
public record KeyPayload(
        String key,
        String histogram,
        long count,
        long errors,
        long inputTokens,
        long outputTokens,
        Map<String, Long> failures) {
}
