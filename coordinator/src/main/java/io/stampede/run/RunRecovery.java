package io.stampede.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stampede.report.ReportGenerator;
import io.stampede.results.ResultFolder;
import io.stampede.results.ResultsJson;
import io.stampede.results.StatsCsv;
import io.stampede.results.Summary;

/**
 * Sums up a run that a coordinator's death cut off, from what its folder holds: the last
 * {@code checkpoint.json} (the summary so far, written every few seconds while the run ran)
 * becomes {@code summary.json}, then {@code stats.csv} and {@code report.html} follow; the
 * events, latency log and timeline written up to the death stay as they are. Used when a
 * coordinator starts again on the same data dir, and by {@code stampede report}.
 *
 * <p>Blocking IO: call from a worker thread or the command line.
 */
public final class RunRecovery {
    /** The reason of a run the coordinator's death cut off while it ran. */
    public static final String CRASHED = "the coordinator stopped while the run was running";
    private static final Logger LOG = LoggerFactory.getLogger(RunRecovery.class);

    private RunRecovery() {
    }

    /**
     * Gives {@code dir} a summary (from its checkpoint) and a report when it has none; returns the
     * folder's summary, or null when there is neither a summary nor a checkpoint (the run never
     * started, or died in its first second).
     */
    public static Summary recover(Path dir) throws IOException {
        Path summaryFile = dir.resolve(ResultFolder.SUMMARY);
        Path checkpoint = dir.resolve(ResultFolder.CHECKPOINT);
        if (!Files.isRegularFile(summaryFile)) {
            if (!Files.isRegularFile(checkpoint)) {
                return null;
            }
            Summary summary = ResultsJson.READER.readValue(checkpoint.toFile(), Summary.class);
            Files.writeString(dir.resolve(ResultFolder.STATS + ".tmp"), StatsCsv.render(summary));
            Files.move(dir.resolve(ResultFolder.STATS + ".tmp"), dir.resolve(ResultFolder.STATS),
                    StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.move(checkpoint, summaryFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("run {}: summed up from its last checkpoint ({})", dir.getFileName(), summary.endedAt());
        }
        Summary summary = ResultsJson.READER.readValue(summaryFile.toFile(), Summary.class);
        if (!Files.isRegularFile(dir.resolve(ResultFolder.REPORT))) {
            try {
                ReportGenerator.write(dir);
            } catch (IOException | RuntimeException e) {
                LOG.warn("run {}: cannot write {}: {}", dir.getFileName(), ResultFolder.REPORT, e.getMessage());
            }
        }
        return summary;
    }
}
