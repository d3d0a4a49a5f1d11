package io.stampede.protocol;

/**
 * When the parts of a streamed answer arrived, beyond the first token: the first visible
 * output (text, not reasoning or tool calls) and the gaps between consecutive content events.
 * The gaps are microseconds in {@code gapsMicros[0..gaps)}; a stream with more gaps than the
 * array holds keeps the first ones (the array is bounded, so a hostile stream cannot grow it).
 *
 * @param firstOutputNanos {@link System#nanoTime()} of the first visible text, or -1
 */
public record TokenTiming(long firstOutputNanos, int[] gapsMicros, int gaps) {
}
