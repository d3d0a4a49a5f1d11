package io.stampede.index;

import java.util.Properties;

/**
 * What differs between the two stores; everything else (the schema, every query) is the same
 * portable SQL through plain JDBC.
 */
public enum Dialect {
    /**
     * Embedded, one file in the data dir, nothing to install. Write-ahead logging lets the runs
     * list read while a run's row is written; a write waits up to 10 s for another (a second
     * process such as {@code stampede index}) instead of failing; writes take the lock at once
     * (IMMEDIATE), so two writers never deadlock on an upgrade.
     */
    SQLITE("sqlite", 4) {
        @Override
        Properties connectionProperties() {
            Properties p = new Properties();
            p.setProperty("journal_mode", "WAL");
            p.setProperty("synchronous", "NORMAL");
            p.setProperty("busy_timeout", "10000");
            p.setProperty("foreign_keys", "true");
            p.setProperty("transaction_mode", "IMMEDIATE");
            return p;
        }
    },
    /** A server a team shares: several coordinators' history in one place, its own backups. */
    POSTGRESQL("postgresql", 4) {
        @Override
        Properties connectionProperties() {
            Properties p = new Properties();
            p.setProperty("ApplicationName", "stampede");
            p.setProperty("connectTimeout", "10");
            return p;
        }
    };

    private final String wireName;
    private final int poolSize;

    Dialect(String wireName, int poolSize) {
        this.wireName = wireName;
        this.poolSize = poolSize;
    }

    public String wireName() {
        return wireName;
    }

    /** Connections kept open: the list, the trends and a run's writes at once. */
    int poolSize() {
        return poolSize;
    }

    /** Driver settings for every connection. */
    abstract Properties connectionProperties();
}
