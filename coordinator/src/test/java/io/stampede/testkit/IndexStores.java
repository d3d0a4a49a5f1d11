package io.stampede.testkit;

import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import io.stampede.index.Dialect;
import io.stampede.index.IndexDatabase;

/**
 * The stores the index's tests run on: SQLite always, in the test's folder; PostgreSQL when a
 * server is given by {@code STAMPEDE_TEST_POSTGRES} (a {@code postgresql://} URL) and
 * {@code STAMPEDE_TEST_POSTGRES_PASSWORD} — {@code .ci/test-postgres start} starts a throwaway one
 * and prints both. Each PostgreSQL test gets a schema of its own. Without a server the PostgreSQL
 * case is skipped with a message saying how to run it, unless {@code STAMPEDE_TEST_POSTGRES_REQUIRED}
 * is set (as {@code .ci/run} does): then it fails.
 */
public final class IndexStores {
    public static final String URL = "STAMPEDE_TEST_POSTGRES";
    public static final String PASSWORD = "STAMPEDE_TEST_POSTGRES_PASSWORD";
    public static final String REQUIRED = "STAMPEDE_TEST_POSTGRES_REQUIRED";

    private IndexStores() {
    }

    /** A fresh, empty database of this dialect for one test. */
    public static IndexDatabase fresh(Dialect dialect, Path dir) {
        if (dialect == Dialect.SQLITE) {
            return IndexDatabase.sqlite(dir.resolve("index-" + UUID.randomUUID().toString().substring(0, 8) + ".db"));
        }
        return IndexDatabase.parse(postgresUrl(), dir, setting(PASSWORD)).inSchema("t_" + UUID.randomUUID().toString()
                .replace("-", "").substring(0, 16));
    }

    /** The test server's URL; skips (or, when required, fails) the test without one. */
    public static String postgresUrl() {
        String url = setting(URL);
        if (url == null || url.isBlank()) {
            String why = "no PostgreSQL server for this test: set " + URL + " and " + PASSWORD
                    + " (eval \"$(.ci/test-postgres start)\" starts a throwaway one; .ci/run does)";
            if (setting(REQUIRED) != null) {
                Assertions.fail(why + ", and " + REQUIRED + " says this run must test PostgreSQL");
            }
            Assumptions.abort(why);
        }
        return url;
    }

    /** The password of the test server. */
    public static String postgresPassword() {
        return setting(PASSWORD);
    }

    private static String setting(String name) {
        String property = System.getProperty(name.toLowerCase().replace('_', '.'));
        return property != null ? property : System.getenv(name);
    }
}
