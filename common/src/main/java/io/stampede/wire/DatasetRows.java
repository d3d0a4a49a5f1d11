package io.stampede.wire;

import java.util.List;

/**
 * Coordinator → worker: the rows of the draws asked for ({@link DatasetRowsRequest}), in the
 * same order. A draw past the end of a dataset drawn once per row has none.
 */
public record DatasetRows(int v, String runId, List<Drawn> rows) implements WireMessage {

    /**
     * @param row  the row's number in the file, -1 when the draw has none (the dataset is used up)
     * @param line the row's line in the file, for messages
     * @param text the row as written (one JSON object), null when the draw has none
     */
    public record Drawn(long draw, long row, long line, String text) {
    }
}
