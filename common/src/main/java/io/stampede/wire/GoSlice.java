package io.stampede.wire;

/**
 * Coordinator → worker, once every slice of the run is prepared (scenario loaded, lanes
 * deployed): start at {@code startAtMs} (coordinator clock). Preparing first and picking the
 * instant after means no worker's set-up time ever shows up as latency.
 */
public record GoSlice(int v, String runId, String sliceId, long startAtMs) implements WireMessage {
}
