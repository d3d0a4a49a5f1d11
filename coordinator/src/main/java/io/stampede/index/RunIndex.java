package io.stampede.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.vertx.core.Context;

/**
 * The index of runs in a database (SQLite embedded, or PostgreSQL): one row per run folder with
 * its identity, course and key figures, tags and labels, per-step, per-node, per-check and
 * per-threshold lines. The folders stay the whole truth; this is what lists, filters, trends and
 * baselines read. Opening it migrates the schema with Flyway (never by hand).
 *
 * <p>Threading: every method does blocking JDBC work and refuses to run on an event loop (an
 * {@link IllegalStateException} says so): call it from {@code executeBlocking} or the command
 * line. Any thread may call; the pool hands each call its own connection.
 */
public final class RunIndex implements AutoCloseable {
    static final String MIGRATIONS = "classpath:io/stampede/index/migration";
    static final String HISTORY_TABLE = "stampede_schema_history";

    private final IndexDatabase database;
    private final HikariDataSource pool;
    private final boolean created;

    private RunIndex(IndexDatabase database, HikariDataSource pool, boolean created) {
        this.database = database;
        this.pool = pool;
        this.created = created;
    }

    /**
     * Connects (the SQLite file and its folder are created if missing) and brings the schema up to
     * date.
     *
     * @throws IndexException when the database cannot be reached or migrated, with a sentence saying which
     */
    public static RunIndex open(IndexDatabase database) {
        notOnEventLoop();
        HikariDataSource pool;
        try {
            if (database.dialect() == Dialect.SQLITE) {
                Path file = Path.of(database.jdbcUrl().substring("jdbc:sqlite:".length()));
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
            }
            pool = new HikariDataSource(poolConfig(database));
        } catch (IOException | RuntimeException e) {
            throw new IndexException("cannot open the run index (" + database + "): " + rootMessage(e), e);
        }
        try {
            MigrateResult result = flyway(database, pool).migrate();
            return new RunIndex(database, pool, result.initialSchemaVersion == null);
        } catch (RuntimeException e) {
            pool.close();
            throw new IndexException("cannot migrate the run index (" + database + "): " + rootMessage(e), e);
        }
    }

    private static HikariConfig poolConfig(IndexDatabase database) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("stampede-index");
        config.setJdbcUrl(database.jdbcUrl());
        config.setUsername(database.user());
        config.setPassword(database.password());
        config.setDataSourceProperties(database.dialect().connectionProperties());
        config.setMaximumPoolSize(database.dialect().poolSize());
        config.setMinimumIdle(1);
        config.setConnectionTimeout(15_000);
        if (database.schema() != null) {
            config.setSchema(database.schema());
        }
        return config;
    }

    private static Flyway flyway(IndexDatabase database, DataSource dataSource) {
        FluentConfiguration config = Flyway.configure(RunIndex.class.getClassLoader())
                .dataSource(dataSource)
                .locations(MIGRATIONS)
                .table(HISTORY_TABLE)
                .baselineOnMigrate(false)
                .loggers("slf4j");
        if (database.schema() != null) {
            config.schemas(database.schema()).defaultSchema(database.schema()).createSchemas(true);
        }
        return config.load();
    }

    /** Where the index is (never with a password). */
    public IndexDatabase database() {
        return database;
    }

    /** True when this open created the schema: the index is new and should be built from the run folders. */
    public boolean created() {
        return created;
    }

    /** Adds the run, or replaces every line of it: the row always matches the folder it was read from. */
    public void put(IndexedRun run) {
        notOnEventLoop();
        try (Connection c = pool.getConnection()) {
            inTransaction(c, () -> {
                RunRows.upsert(c, run, System.currentTimeMillis());
                RunRows.deleteLines(c, run.id());
                RunRows.insertLines(c, run);
            });
        } catch (SQLException e) {
            throw new IndexException("cannot index run " + run.id() + ": " + e.getMessage(), e);
        }
    }

    /** Removes the run and its lines; nothing happens for an unknown id. */
    public void remove(String id) {
        notOnEventLoop();
        try (Connection c = pool.getConnection()) {
            inTransaction(c, () -> {
                RunRows.deleteLines(c, id);
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM runs WHERE id = ?")) {
                    ps.setString(1, id);
                    ps.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw new IndexException("cannot remove run " + id + " from the index: " + e.getMessage(), e);
        }
    }

    /** The whole row of a run: with its steps, nodes, checks and thresholds. */
    public Optional<IndexedRun> get(String id) {
        notOnEventLoop();
        try (Connection c = pool.getConnection()) {
            IndexedRun head;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + RunRows.COLUMNS + " FROM runs r WHERE r.id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    head = RunRows.read(rs);
                }
            }
            return Optional.of(RunRows.withLines(c, RunRows.withTags(c, List.of(head))).get(0));
        } catch (SQLException e) {
            throw new IndexException("cannot read run " + id + " from the index: " + e.getMessage(), e);
        }
    }

    /** Runs that match, newest first, a page at a time, with their tags and labels. */
    public RunPage find(RunQuery query) {
        notOnEventLoop();
        try (Connection c = pool.getConnection()) {
            return RunSearch.find(c, query);
        } catch (SQLException e) {
            throw new IndexException("cannot list runs: " + e.getMessage(), e);
        }
    }

    /**
     * Runs that match, newest first, each with its steps, nodes and checks: what trends and
     * baselines are computed from.
     */
    public List<IndexedRun> history(RunQuery query) {
        notOnEventLoop();
        try (Connection c = pool.getConnection()) {
            List<IndexedRun> runs = RunSearch.find(c, query).runs();
            return RunRows.withLines(c, runs);
        } catch (SQLException e) {
            throw new IndexException("cannot read the history of runs: " + e.getMessage(), e);
        }
    }

    /** Scenarios with runs in the index: name, how many runs, the newest one's creation time. */
    public List<ScenarioRuns> scenarios() {
        notOnEventLoop();
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT scenario, COUNT(*), MAX(created_at) FROM runs GROUP BY scenario ORDER BY MAX(created_at) DESC");
             ResultSet rs = ps.executeQuery()) {
            List<ScenarioRuns> list = new java.util.ArrayList<>();
            while (rs.next()) {
                list.add(new ScenarioRuns(rs.getString(1), rs.getLong(2), rs.getLong(3)));
            }
            return list;
        } catch (SQLException e) {
            throw new IndexException("cannot list scenarios: " + e.getMessage(), e);
        }
    }

    /** A scenario in the index. */
    public record ScenarioRuns(String name, long runs, long lastCreatedAt) {
    }

    /** Every indexed run's folder stamp, by id: what {@link IndexSync} compares with the folders. */
    public Map<String, Long> stamps() {
        notOnEventLoop();
        Map<String, Long> stamps = new HashMap<>();
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, folder_stamp, status FROM runs");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                stamps.put(rs.getString(1), rs.getLong(2));
            }
            return stamps;
        } catch (SQLException e) {
            throw new IndexException("cannot read the index: " + e.getMessage(), e);
        }
    }

    /**
     * Refreshes the query planner's statistics of every table (after many rows changed at once):
     * without them PostgreSQL takes a tag that 1 run in 3 has for one of a handful, and the runs
     * list gets 30 times slower (docs/PERFORMANCE.md). The same statement on both stores.
     */
    public void analyze() {
        notOnEventLoop();
        try (Connection c = pool.getConnection(); var statement = c.createStatement()) {
            for (String table : List.of("runs", "run_tags", "run_labels", "run_keys", "run_checks", "run_thresholds")) {
                statement.execute("ANALYZE " + table);
            }
        } catch (SQLException e) {
            throw new IndexException("cannot analyze the index: " + e.getMessage(), e);
        }
    }

    /** Finished runs without the given tag, newest first: what retention may remove. */
    List<RunSearch.Age> removable(String keptTag) {
        notOnEventLoop();
        try (Connection c = pool.getConnection()) {
            return RunSearch.removable(c, keptTag);
        } catch (SQLException e) {
            throw new IndexException("cannot read the index: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    /** Database work blocks: on an event loop it would stall every request of that loop. */
    static void notOnEventLoop() {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("the run index was called on an event loop: call it from executeBlocking");
        }
    }

    @FunctionalInterface
    private interface SqlWork {
        void run() throws SQLException;
    }

    private static void inTransaction(Connection c, SqlWork work) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            work.run();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
