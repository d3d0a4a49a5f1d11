package io.stampede.run;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stampede.results.ResultFolder;
import io.stampede.results.ResultsJson;
import io.stampede.results.Summary;

/**
 * Keeps each run's {@link RunRecord} as {@code run.json} in its folder and reads them back at
 * start-up. A run still marked pending or running then was cut off by a coordinator that died:
 * it becomes {@code aborted}, with the reason, and is summed up from its last checkpoint
 * ({@link RunRecovery}). Blocking IO: call from worker threads.
 */
final class RunHistory {
    private static final Logger LOG = LoggerFactory.getLogger(RunHistory.class);

    private final Path dataDir;

    RunHistory(Path dataDir) {
        this.dataDir = dataDir;
    }

    void save(RunRecord record) throws IOException {
        Path dir = dataDir.resolve(record.id());
        Files.createDirectories(dir);
        Path tmp = dir.resolve(ResultFolder.RUN_RECORD + ".tmp");
        Files.write(tmp, ResultsJson.PRETTY.writeValueAsBytes(record));
        Files.move(tmp, dir.resolve(ResultFolder.RUN_RECORD), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Every run found in the data dir, oldest first; interrupted ones are marked aborted (and saved so). */
    List<RunRecord> load() {
        List<RunRecord> records = new ArrayList<>();
        if (!Files.isDirectory(dataDir)) {
            return records;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dataDir, p -> RunIds.isRunId(p.getFileName().toString()))) {
            for (Path dir : dirs) {
                Path file = dir.resolve(ResultFolder.RUN_RECORD);
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                try {
                    RunRecord record = ResultsJson.MAPPER.readValue(file.toFile(), RunRecord.class);
                    if (!RunStatus.of(record.status()).isFinal()) {
                        record = recover(dir, record, Files.getLastModifiedTime(file).toMillis());
                        save(record);
                    }
                    records.add(record);
                } catch (IOException | IllegalArgumentException e) {
                    LOG.warn("skipping unreadable {}: {}", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", dataDir, e.getMessage());
        }
        records.sort((a, b) -> a.id().compareTo(b.id()));
        return records;
    }

    /** An interrupted run, aborted: summed up from its checkpoint when it had started. */
    private static RunRecord recover(Path dir, RunRecord record, long lastSavedMs) {
        boolean started = record.startedAt() != null;
        String why = started ? RunRecovery.CRASHED : "the coordinator stopped while the run was " + record.status();
        try {
            Summary summary = started ? RunRecovery.recover(dir) : null;
            if (summary != null) {
                return record.aborted(why, java.time.Instant.parse(summary.endedAt()).toEpochMilli()).withFigures(summary);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("run {}: cannot sum up from its checkpoint: {}", record.id(), e.getMessage());
        }
        return record.aborted(why, lastSavedMs);
    }
}
