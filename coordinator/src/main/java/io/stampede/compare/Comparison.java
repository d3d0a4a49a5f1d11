package io.stampede.compare;

import java.util.List;

/**
 * Two runs side by side: one line per metric of the run, of each step, node and check, with the
 * change and a verdict. Returned by {@code GET /api/compare} and printed by {@code stampede compare}.
 *
 * @param regressions how many lines are regressions; the candidate regressed when it is above 0
 */
public record Comparison(
        RunRef base,
        RunRef candidate,
        CompareOptions options,
        List<Line> lines,
        int regressions,
        boolean regressed,
        List<String> notes) {

    /** Which run, as the comparison read it. */
    public record RunRef(String runId, String scenario, String startedAt, String status, int users, double durationS) {
    }

    /**
     * One metric of one subject. {@code base}/{@code candidate} are null when the subject did not
     * run on that side; {@code deltaPct} is null when the base is 0.
     *
     * @param scope   run, step, node or check
     * @param better  lower or higher: which way is an improvement
     * @param verdict regression, improvement, same, new (only in the candidate) or gone (only in the base)
     */
    public record Line(String scope, String name, String metric, String unit, Double base, Double candidate, Double delta,
                       Double deltaPct, String better, String verdict, boolean regression) {
    }
}
