package io.stampede.index;

import java.util.List;

/** One page of a runs list: the runs (newest first), how many match in all, and the page asked for. */
public record RunPage(List<IndexedRun> runs, long total, int limit, int offset) {
}
