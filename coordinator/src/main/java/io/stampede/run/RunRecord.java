package io.stampede.run;

import java.util.List;
import java.util.Map;

import io.stampede.results.Summary;
import io.stampede.results.Verdict;

/**
 * A run in the history list ({@code GET /api/runs}) and in its folder's {@code run.json}, so the
 * history survives a coordinator restart. Null fields are not known (yet). {@code verdict} is the
 * run's {@link Verdict} (from its summary once there is one; a run.json of an older version gets
 * one from its status and whether its thresholds held). {@code tags}, {@code labels},
 * {@code submittedBy} and {@code origin} are the run's {@link RunIdentity} (null in a run.json of
 * an older version). The run index reads this file back (io.stampede.index.RunFolders).
 */
public record RunRecord(
        String id,
        String scenario,
        String status,
        String reason,
        Long createdAt,
        Long startedAt,
        Long endedAt,
        Integer users,
        Double successRate,
        Double p95Ms,
        Boolean thresholdsPassed,
        Verdict verdict,
        List<String> tags,
        Map<String, String> labels,
        String submittedBy,
        String origin) {

    public RunRecord {
        if (verdict == null) {
            verdict = Verdict.coarse(status, reason, thresholdsPassed);
        }
    }

    static RunRecord of(Run run) {
        var s = run.summary();
        return new RunRecord(run.id(), run.scenario().name(), run.status().wireName(), run.reason(), run.createdAtMs(),
                run.startedAtMs() == 0 ? null : run.startedAtMs(), run.endedAtMs() == 0 ? null : run.endedAtMs(),
                run.load().users(), s == null ? null : s.successRate(), s == null ? null : s.latencyMs().p95(),
                s == null ? null : s.thresholdsPassed(),
                s == null ? Verdict.judge(run.status().wireName(), run.reason(), List.of()) : s.verdict(),
                run.identity().tags(), run.identity().labels(), run.identity().submittedBy(), run.identity().origin());
    }

    /** The same record with the figures of {@code summary}. */
    RunRecord withFigures(Summary summary) {
        return new RunRecord(id, scenario, status, reason, createdAt, startedAt, endedAt, users, summary.successRate(),
                summary.latencyMs() == null ? null : summary.latencyMs().p95(), summary.thresholdsPassed(), summary.verdict(),
                tags, labels, submittedBy, origin);
    }

    RunRecord aborted(String why, long atMs) {
        return new RunRecord(id, scenario, RunStatus.ABORTED.wireName(), why, createdAt, startedAt, atMs, users, successRate,
                p95Ms, thresholdsPassed, Verdict.judge(RunStatus.ABORTED.wireName(), why, List.of()), tags, labels, submittedBy,
                origin);
    }
}
