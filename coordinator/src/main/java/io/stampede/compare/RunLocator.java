package io.stampede.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import io.stampede.report.RunFiles;
import io.stampede.results.ResultFolder;
import io.stampede.results.Summary;
import io.stampede.run.RunIds;

/**
 * Finds a finished run from what a user typed: a results folder, or a run id under the data dir.
 * The HTTP API accepts run ids only ({@link #byId}), so a request can never name a path.
 */
public final class RunLocator {
    private RunLocator() {
    }

    /** A folder path when one exists there, else a run id under {@code dataDir}. */
    public static Summary find(String ref, Path dataDir) throws IOException {
        Path asPath = Path.of(ref);
        if (Files.isDirectory(asPath)) {
            return RunFiles.read(asPath).summary();
        }
        return byId(ref, dataDir);
    }

    /** A run's summary and distributions, from a folder path or a run id under {@code dataDir}. */
    public static RunSample sample(String ref, Path dataDir) throws IOException {
        Path asPath = Path.of(ref);
        if (Files.isDirectory(asPath)) {
            return RunSample.read(asPath);
        }
        return sampleById(ref, dataDir);
    }

    /** Run {@code id} of {@code dataDir}, ids only (the HTTP API). */
    public static RunSample sampleById(String id, Path dataDir) throws IOException {
        byId(id, dataDir); // the checks and their sentences
        return RunSample.read(dataDir.resolve(id));
    }

    /** The summary of run {@code id} in {@code dataDir}. */
    public static Summary byId(String id, Path dataDir) throws IOException {
        if (!RunIds.isRunId(id)) {
            throw new NoSuchFileException(id, null, "'" + id + "' is neither a results folder nor a run id like 20261125-120000-ab12");
        }
        Path dir = dataDir.resolve(id);
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(id, null, "no run " + id + " in " + dataDir);
        }
        if (!Files.isRegularFile(dir.resolve(ResultFolder.SUMMARY))) {
            throw new NoSuchFileException(id, null, "run " + id + " has no summary yet: it is still running, or it never started");
        }
        return RunFiles.read(dir).summary();
    }
}
