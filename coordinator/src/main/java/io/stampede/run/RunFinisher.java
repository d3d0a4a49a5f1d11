package io.stampede.run;

import java.io.IOException;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stampede.aggregate.RunAggregator;
import io.stampede.aggregate.SecondStats;
import io.stampede.report.ReportGenerator;
import io.stampede.results.LevelFigures;
import io.stampede.results.ResultFolder;
import io.stampede.results.Summary;
import io.stampede.results.SummaryBuilder;
import io.vertx.core.Future;

/**
 * Ends a run, once: builds the summary from the merged totals (never averaged percentiles),
 * writes the result files and then the report that reads them back, and tells the run, its
 * feed and the coordinator. A run that never got going ends without a summary. Runs on the
 * coordinator's context; files are written on the run's ordered worker thread.
 */
final class RunFinisher {
    private static final Logger LOG = LoggerFactory.getLogger(RunFinisher.class);

    private final CoordinatorServices services;
    private final Run run;
    private final LiveFeed feed;
    private boolean finishing;

    RunFinisher(CoordinatorServices services, Run run, LiveFeed feed) {
        this.services = services;
        this.run = run;
        this.feed = feed;
    }

    /** True once the run's end has begun: nothing else may change it. */
    boolean finishing() {
        return finishing;
    }

    /** What a run that got going leaves behind; all of it comes from the course. */
    record Record(RunAggregator aggregator, ResultFolder folder, long startAtMs, RunSlices slices, List<String> notes,
                  RunLosses losses) {

        /**
         * The run's facts for its summary, had it ended at {@code endedAtMs} with {@code status},
         * {@code conversationsLost} cut by lost workers (or by the coordinator's own end), and
         * {@code extraUsersLost} users a coordinator's own end would leave unfinished.
         */
        SummaryBuilder.RunFacts facts(Run run, RunStatus status, String reason, long endedAtMs, long extraUsersLost,
                                      long conversationsLost) {
            return new SummaryBuilder.RunFacts(run.id(), status.wireName(), reason, startAtMs, endedAtMs, run.load().users(),
                    run.load().isOpen() ? run.load().plannedArrivals() : null, slices.lines(), List.copyOf(notes),
                    losses.toSummary(extraUsersLost, conversationsLost, endedAtMs));
        }
    }

    /** Ends a run that started: summary, result files, report. */
    void withResults(RunStatus status, String reason, Record record) {
        if (finishing) {
            return;
        }
        finishing = true;
        record.aggregator().closeAll();
        long endedAt = System.currentTimeMillis();
        record.slices().finishRunning();
        record.slices().publish(run);
        Summary summary;
        try {
            summary = SummaryBuilder.build(run.scenario(), record.facts(run, status, reason, endedAt, 0,
                    record.aggregator().lostConversations()), record.aggregator().totals(), record.aggregator().timeline(),
                    LevelFigures.of(record.aggregator().levels(), run.scenario()));
        } catch (RuntimeException e) {
            LOG.error("run {}: cannot build the summary", run.id(), e);
            close(record.folder());
            end(RunStatus.FAILED, "internal error while building the summary: " + e, null, endedAt);
            return;
        }
        List<SecondStats> timeline = record.aggregator().timeline();
        ResultFolder folder = record.folder();
        services.vertx().executeBlocking(() -> {
            folder.finish(summary, timeline);
            services.writeTrend(folder);
            writeReport(folder);
            return null;
        }, true).onComplete(written -> {
            if (written.failed()) {
                LOG.error("run {}: cannot write result files: {}", run.id(), written.cause().getMessage());
            }
            end(status, reason, summary, endedAt);
        });
    }

    /** Ends a run that never got going: no summary, no result files beyond the scenario. */
    void withoutResults(RunStatus status, String reason, ResultFolder folder) {
        if (finishing) {
            return;
        }
        finishing = true;
        close(folder);
        end(status, reason, null, System.currentTimeMillis());
    }

    /** The report reads the other files back; they are the record, so a report that fails is only logged. */
    private void writeReport(ResultFolder folder) {
        try {
            ReportGenerator.write(folder.dir());
        } catch (IOException | RuntimeException e) {
            LOG.warn("run {}: cannot write {} ({}); regenerate it with: stampede report {}", run.id(), ResultFolder.REPORT,
                    e.getMessage(), folder.dir());
        }
    }

    private Future<Void> close(ResultFolder folder) {
        if (folder == null) {
            return Future.succeededFuture();
        }
        return services.vertx().executeBlocking(() -> {
            folder.close();
            return null;
        });
    }

    /** run.json says how the run ended before the feed's done and the run's completion do: whoever is told reads the same. */
    private void end(RunStatus status, String reason, Summary summary, long endedAt) {
        run.ended(summary, endedAt);
        run.status(status, reason);
        services.runEnded(run).onComplete(saved -> {
            feed.done(status, reason, summary);
            run.complete();
        });
    }
}
