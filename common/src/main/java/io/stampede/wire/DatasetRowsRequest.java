package io.stampede.wire;

import java.util.Arrays;

/**
 * Worker → the run's coordinator, request/reply: the dataset rows of these draws (see
 * {@code io.stampede.dataset.DrawOrder}), answered with {@link DatasetRows}. A lane asks ahead of
 * need, a few hundred draws at a time, so a dataset of any size reaches the workers row by row.
 */
public record DatasetRowsRequest(int v, String runId, long[] draws) implements WireMessage {

    // A record compares arrays by reference: by content here, as for every other message.
    @Override
    public boolean equals(Object o) {
        return o instanceof DatasetRowsRequest r && v == r.v && java.util.Objects.equals(runId, r.runId) && Arrays.equals(draws, r.draws);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * v + java.util.Objects.hashCode(runId)) + Arrays.hashCode(draws);
    }

    @Override
    public String toString() {
        return "DatasetRowsRequest[v=" + v + ", runId=" + runId + ", draws=" + Arrays.toString(draws) + "]";
    }
}
