package io.stampede.search;

import io.stampede.results.Summary;

/**
 * One level a search ran: its load, the run that carried it, the figures of its measured window
 * ({@code figures}, null when the run produced none) and the verdict: {@code holds} (the lower
 * bound of the goal's 95 % Wilson interval is at or above the goal), {@code fails} (the upper bound
 * is below it: it clearly fails), or {@code unproven} (the interval straddles the goal: not shown to
 * hold, treated as failing). {@code stoppedEarly}: the run was stopped once it clearly failed.
 */
public record LevelResult(double target, String unit, String runId, String verdict, double share, double low, double high,
                          long conversations, boolean stoppedEarly, String note, Summary.Level figures) {

    public boolean holds() {
        return "holds".equals(verdict);
    }
}
