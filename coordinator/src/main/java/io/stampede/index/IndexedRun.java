package io.stampede.index;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One run as the index holds it: its identity (id, scenario, tags, labels, who submitted it), its
 * course (status, verdict, reason, times, users, workers) and its key figures (latency in ms,
 * rates in percent). Built from the run's folder alone ({@link RunFolders#read}), so every row can
 * be made again from the folder. Null figures are not known: a run that has not ended, or a
 * figure its summary does not have (goodput, TTFT, cost).
 *
 * <p>{@code verdict} uses the words of the run's verdict: {@code passed}, {@code failed}
 * (a threshold failed), {@code finished} (done, nothing to judge), {@code aborted}, {@code error}
 * (could not be carried out), {@code running}; {@code verdictHeadline} its words ("all 2 thresholds
 * hold"), as the run's page, report and terminal say them. {@code keys}, {@code checks} and
 * {@code thresholds} are filled when the whole row is read ({@link RunIndex#get}), empty in lists.
 */
public record IndexedRun(
        String id,
        String scenario,
        String status,
        String verdict,
        String verdictHeadline,
        String reason,
        String submittedBy,
        String origin,
        long createdAt,
        Long startedAt,
        Long endedAt,
        Integer users,
        Integer workers,
        Double durationS,
        Long requests,
        Long errors,
        Double rps,
        Double successRate,
        Long conversations,
        Double goodput,
        Double p50Ms,
        Double p95Ms,
        Double p99Ms,
        Double ttftP95Ms,
        Long tokensInput,
        Long tokensOutput,
        Double tokensPerConversation,
        Double cost,
        Double costPerConversation,
        String currency,
        Boolean thresholdsPassed,
        List<String> tags,
        Map<String, String> labels,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<KeyFigures> keys,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<CheckFigures> checks,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ThresholdVerdict> thresholds,
        @JsonIgnore long folderStamp) {

    /** A step ({@code kind} step) or a node type of the agent's pipeline ({@code kind} node). */
    public record KeyFigures(String kind, String name, Long count, Long errors, Double successRate, Double p50Ms,
                             Double p95Ms, Double p99Ms, Double ttftP95Ms) {
    }

    /** One check of one step: how often it was judged, failed, and its pass rate in percent. */
    public record CheckFigures(String step, String check, Long count, Long failures, Double passRate) {
    }

    /** One threshold as decided at the end of the run. */
    public record ThresholdVerdict(String metric, String expression, Double actual, Double limit, boolean passed) {
    }

    /** True once the run has ended (done, failed or aborted): only then are its figures final. */
    public boolean isOver() {
        return status.equals("done") || status.equals("failed") || status.equals("aborted");
    }

    /** The same run with these tags and labels. */
    IndexedRun withTags(List<String> newTags, Map<String, String> newLabels) {
        return new IndexedRun(id, scenario, status, verdict, verdictHeadline, reason, submittedBy, origin, createdAt, startedAt, endedAt, users,
                workers, durationS, requests, errors, rps, successRate, conversations, goodput, p50Ms, p95Ms, p99Ms, ttftP95Ms,
                tokensInput, tokensOutput, tokensPerConversation, cost, costPerConversation, currency, thresholdsPassed, newTags,
                newLabels, keys, checks, thresholds, folderStamp);
    }

    /** The same run with these steps and nodes, checks and thresholds (empty in a list). */
    IndexedRun withLines(List<KeyFigures> newKeys, List<CheckFigures> newChecks, List<ThresholdVerdict> newThresholds) {
        return new IndexedRun(id, scenario, status, verdict, verdictHeadline, reason, submittedBy, origin, createdAt, startedAt, endedAt, users,
                workers, durationS, requests, errors, rps, successRate, conversations, goodput, p50Ms, p95Ms, p99Ms, ttftP95Ms,
                tokensInput, tokensOutput, tokensPerConversation, cost, costPerConversation, currency, thresholdsPassed, tags,
                labels, newKeys, newChecks, newThresholds, folderStamp);
    }
}
