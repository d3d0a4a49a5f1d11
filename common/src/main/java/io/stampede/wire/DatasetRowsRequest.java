package io.stampede.wire;

/**
 * Worker → the run's coordinator, request/reply: the dataset rows of these draws (see
 * {@code io.stampede.dataset.DrawOrder}), answered with {@link DatasetRows}. A lane asks ahead of
 * need, a few hundred draws at a time, so a dataset of any size reaches the workers row by row.
 */
public record DatasetRowsRequest(int v, String runId, long[] draws) implements WireMessage {
}
