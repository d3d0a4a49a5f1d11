package io.stampede.compare;

import java.util.List;

/**
 * A candidate run against one or more base runs: one line per metric of the run, of each step, node
 * and check, with the change, its confidence interval, the test's p-value (raw and adjusted over
 * every tested line, Holm) and a verdict. Returned by {@code GET /api/compare} and printed by
 * {@code stampede compare}.
 *
 * @param base        the first base run ({@code baselines} has them all, pooled for the tests)
 * @param regressions how many lines are regressions; the candidate regressed when it is above 0
 * @param verdict     the answer in one sentence, first thing to read
 * @param tested      how many lines had a statistical test (the family the adjustment covers)
 * @param warnings    why the comparison may mislead: different scenarios or loads
 */
public record Comparison(
        RunRef base,
        RunRef candidate,
        CompareOptions options,
        List<Line> lines,
        int regressions,
        boolean regressed,
        List<String> notes,
        List<RunRef> baselines,
        String verdict,
        int tested,
        List<String> warnings) {

    /** Which run, as the comparison read it. */
    public record RunRef(String runId, String scenario, String startedAt, String status, int users, double durationS) {
    }

    /**
     * One metric of one subject. {@code base}/{@code candidate} are null when the subject did not
     * run on that side; {@code deltaPct} is null when the base is 0 or below a millisecond (a percent of
     * nearly nothing says nothing).
     *
     * @param scope     run, step, node or check
     * @param better    lower or higher: which way is an improvement
     * @param verdict   regression, improvement, same, new (only in the candidate) or gone (only in the base)
     * @param test      bootstrap (a quantile), rank (Mann–Whitney, the whole distribution), proportions
     *                  (two-proportion z-test, Newcombe interval), floor (judged on the practical floor
     *                  alone: tokens, cost, or a run without latency.hlog), or none (shown, not judged)
     * @param ciLow     95 % interval of the change (candidate − base), in the line's unit; null without a test
     * @param pValue    one-sided p-value of "the candidate is worse"; {@code pAdjusted} after Holm
     * @param effect    the effect in words where the change alone does not say it (the rank test's
     *                  chance that a candidate value is the larger)
     */
    public record Line(String scope, String name, String metric, String unit, Double base, Double candidate, Double delta,
                       Double deltaPct, String better, String verdict, boolean regression, String test, Double ciLow,
                       Double ciHigh, Double pValue, Double pAdjusted, Long nBase, Long nCandidate, String effect) {

        /** A line without a test. */
        public Line(String scope, String name, String metric, String unit, Double base, Double candidate, Double delta,
                    Double deltaPct, String better, String verdict, boolean regression) {
            this(scope, name, metric, unit, base, candidate, delta, deltaPct, better, verdict, regression, "none", null, null,
                    null, null, null, null, null);
        }
    }
}
