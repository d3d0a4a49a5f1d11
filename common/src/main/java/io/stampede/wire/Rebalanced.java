package io.stampede.wire;

import java.util.List;

/**
 * Worker → coordinator, the answer to {@link Rebalance}: the users it gave up (closed model; the
 * new worker runs exactly those), or the instant after the run's start from which its new
 * segment holds (open model: {@code fromMs} asked, later only when its lanes were already past it).
 */
public record Rebalanced(int v, String runId, String sliceId, List<Integer> withdrawn, long appliedFromMs) implements WireMessage {
}
