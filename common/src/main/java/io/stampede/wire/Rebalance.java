package io.stampede.wire;

import java.util.List;

import io.stampede.load.ArrivalSegment;

/**
 * Coordinator → worker, request/reply ({@link Rebalanced}): a worker joined the running run and
 * takes a share of this slice. Closed model: {@code withdraw} lists users of the slice for the
 * new worker — the worker gives up those whose start is still ahead. Open model: from
 * {@code fromMs} after the run's start the slice holds {@code segment} (positions given up to the
 * new worker, fewer max users).
 */
public record Rebalance(int v, String runId, String sliceId, long fromMs, List<Integer> withdraw, ArrivalSegment segment)
        implements WireMessage {
}
