package io.stampede.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

import io.stampede.index.IndexDatabase;
import io.stampede.index.Retention;
import picocli.CommandLine.Option;

/**
 * Where the run index lives and how long runs are kept: shared by {@code coordinator}, {@code run},
 * {@code index} and {@code compare}. The PostgreSQL password comes from a file or
 * {@code STAMPEDE_DATABASE_PASSWORD}; one written in the URL is accepted with a warning.
 */
final class IndexCliOptions {
    @Option(names = "--database", paramLabel = "URL",
            description = "the run index: postgresql://USER@HOST[:PORT]/DATABASE for a server a team shares (password in"
                    + " $STAMPEDE_DATABASE_PASSWORD or --database-password-file), or sqlite:PATH; default: SQLite,"
                    + " index.db in the data dir")
    String database;

    @Option(names = "--database-password-file", paramLabel = "FILE",
            description = "file holding the database's password (default: $STAMPEDE_DATABASE_PASSWORD)")
    Path passwordFile;

    /** The database for {@code dataDir}. @throws IllegalArgumentException with a sentence */
    IndexDatabase database(Path dataDir, PrintStream err) {
        String password = Tokens.resolve("--database-password", null, passwordFile, "STAMPEDE_DATABASE_PASSWORD", err);
        if (IndexDatabase.hasInlinePassword(database)) {
            err.println("warning: a password in --database can be read by every user of this machine (ps);"
                    + " use $STAMPEDE_DATABASE_PASSWORD or --database-password-file instead");
        }
        return IndexDatabase.parse(database, dataDir, password);
    }

    /** Retention: which old runs go. */
    static final class Keep {
        @Option(names = "--keep-runs", paramLabel = "N",
                description = "keep the newest N finished runs (folder and index row); runs tagged pinned are always kept")
        Integer keepRuns;

        @Option(names = "--keep-days", paramLabel = "D",
                description = "remove finished runs created more than D days ago; runs tagged pinned are always kept")
        Integer keepDays;

        /** @throws IllegalArgumentException with a sentence */
        Retention retention() {
            if (keepDays != null && keepDays < 1) {
                throw new IllegalArgumentException("--keep-days must be 1 or more");
            }
            return new Retention(keepRuns, keepDays == null ? null : Duration.ofDays(keepDays));
        }
    }
}
