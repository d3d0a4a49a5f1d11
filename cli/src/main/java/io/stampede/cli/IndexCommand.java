package io.stampede.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import io.stampede.index.IndexDatabase;
import io.stampede.index.IndexException;
import io.stampede.index.IndexSync;
import io.stampede.index.Retention;
import io.stampede.index.RunIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "index", description = {
        "Builds or refreshes the run index of a data dir from its run folders: folders without a row, or changed since,"
                + " are indexed; rows whose folder is gone are removed. With --keep-runs/--keep-days, old runs go too.",
        "Exit codes: 0 indexed; 2 the data dir or an option is wrong; 3 the database cannot be reached."})
final class IndexCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DATA_DIR", description = "the data dir (a coordinator's --data-dir, or results)")
    Path dataDir;

    @Option(names = "--full", description = "read every folder again, even those whose row is up to date")
    boolean full;

    @Mixin
    IndexCliOptions index = new IndexCliOptions();

    @Mixin
    IndexCliOptions.Keep keep = new IndexCliOptions.Keep();

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dataDir)) {
            System.err.println(dataDir + " is not a folder: give the data dir that holds the run folders");
            return ExitCodes.INVALID;
        }
        IndexDatabase database;
        Retention retention;
        try {
            database = index.database(dataDir, System.err);
            retention = keep.retention();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return ExitCodes.INVALID;
        }
        long started = System.nanoTime();
        try (RunIndex runIndex = RunIndex.open(database)) {
            IndexSync.Outcome outcome = IndexSync.sync(runIndex, dataDir, full);
            List<String> removed = retention.apply(runIndex, dataDir, System.currentTimeMillis());
            System.out.printf("%s: %s%s in %d ms%n", runIndex.database(), outcome,
                    removed.isEmpty() ? "" : ", " + removed.size() + " removed by retention (" + retention + ")",
                    (System.nanoTime() - started) / 1_000_000);
            outcome.unreadable().forEach(u -> System.out.println("  unreadable: " + u));
            return ExitCodes.OK;
        } catch (IndexException e) {
            System.err.println(e.getMessage());
            return ExitCodes.NOT_CARRIED_OUT;
        }
    }
}
