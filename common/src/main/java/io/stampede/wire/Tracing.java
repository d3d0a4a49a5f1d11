package io.stampede.wire;

/**
 * How a run's requests are traced, the same for every slice of the run.
 *
 * @param seed      the run's 8 bytes at the head of every trace id it makes (W3C
 *                  {@code traceparent}: seed, user, conversation, turn), so the coordinator can
 *                  tell the agent's spans of this run from any other; never 0
 * @param exportUrl where workers send Stampede's own client span of each exchange (an OTLP/HTTP
 *                  traces URL, e.g. {@code http://collector:4318/v1/traces}), or null for none
 */
public record Tracing(long seed, String exportUrl) {
}
