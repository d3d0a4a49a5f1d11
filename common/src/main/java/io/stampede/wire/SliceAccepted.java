package io.stampede.wire;

import java.util.List;

/**
 * Worker → coordinator: the slice runs on these lanes (one per event loop). Each lane is a
 * report source: the coordinator waits for the last report of every listed source.
 */
public record SliceAccepted(int v, String runId, String sliceId, String workerId, List<String> sources) implements WireMessage {
}
