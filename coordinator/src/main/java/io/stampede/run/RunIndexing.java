package io.stampede.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stampede.index.IndexSync;
import io.stampede.index.IndexedRun;
import io.stampede.index.Retention;
import io.stampede.index.RunFolders;
import io.stampede.index.RunIndex;
import io.stampede.index.Trend;
import io.stampede.index.Trends;
import io.stampede.results.ResultFolder;
import io.stampede.results.ResultsJson;

/**
 * The coordinator's side of the run index: opens it at start and brings it in line with the
 * folders (a new index is built from them; a crash between a folder and its row is made good),
 * indexes a run's folder each time its record is saved (the folder first, then the row), applies
 * retention, and writes a finished run's {@code trend.json} for its report. A failed index write
 * is logged, never fatal to a run: the folder holds everything and the next start re-indexes it.
 * Blocking: call from worker threads (the run manager's executeBlocking).
 */
final class RunIndexing implements AutoCloseable {
    /** The history a run's report shows: this many runs of its scenario, the run included. */
    static final int REPORT_TREND_RUNS = 30;
    private static final Logger LOG = LoggerFactory.getLogger(RunIndexing.class);

    private final RunIndex index;
    private final Path dataDir;
    private final Retention retention;

    private RunIndexing(RunIndex index, Path dataDir, Retention retention) {
        this.index = index;
        this.dataDir = dataDir;
        this.retention = retention;
    }

    /** Opens the index, syncs it with the data dir and applies retention; answers what was removed in {@code removed}. */
    static RunIndexing open(CoordinatorOptions options, List<String> removed) throws IOException {
        RunIndex index = RunIndex.open(options.database());
        try {
            IndexSync.Outcome outcome = IndexSync.sync(index, options.dataDir(), false);
            if (index.created() || outcome.indexed() > 0 || outcome.removed() > 0) {
                LOG.info("run index {}: {}{}", index.database(), index.created() ? "new, built from the run folders: " : "",
                        outcome);
            }
            RunIndexing indexing = new RunIndexing(index, options.dataDir(), options.retention());
            removed.addAll(indexing.applyRetention());
            return indexing;
        } catch (IOException | RuntimeException e) {
            index.close();
            throw e;
        }
    }

    RunIndex index() {
        return index;
    }

    /** The run's folder as it is now becomes its row. */
    void folderChanged(String runId) {
        try {
            IndexSync.folder(index, dataDir.resolve(runId));
        } catch (IOException | RuntimeException e) {
            LOG.warn("run {}: not indexed now ({}); the next start indexes it from its folder", runId, e.getMessage());
        }
    }

    /** Removes the runs retention says are due; answers their ids. */
    List<String> applyRetention() {
        if (retention.isNone()) {
            return List.of();
        }
        try {
            return retention.apply(index, dataDir, System.currentTimeMillis());
        } catch (RuntimeException e) {
            LOG.warn("retention: {}", e.getMessage());
            return List.of();
        }
    }

    /**
     * Writes {@code trend.json} into a finished run's folder when its scenario has earlier done
     * runs: the history report.html draws (the report reads only the folder).
     */
    void writeTrend(ResultFolder folder) {
        try {
            IndexedRun run = RunFolders.read(folder.dir());
            Trend trend = Trends.forRun(index, run, REPORT_TREND_RUNS);
            if (trend.runs().size() > 1) {
                folder.writeAtomically(ResultFolder.TREND, ResultsJson.PRETTY.writeValueAsString(trend));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("run {}: no trend in its report ({})", folder.dir().getFileName(), e.getMessage());
        }
    }

    @Override
    public void close() {
        index.close();
    }
}
