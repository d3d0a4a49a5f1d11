package io.stampede.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.stampede.index.BaselineSpec;
import io.stampede.index.IndexDatabase;
import io.stampede.index.IndexSync;
import io.stampede.index.RunIndex;
import io.stampede.index.RunPage;
import io.stampede.index.RunQuery;
import io.stampede.index.Trend;
import io.stampede.index.Trends;

/**
 * The runs list and trends on {@code runs} indexed runs (docs/PERFORMANCE.md, "The run index"):
 * what {@code GET /api/runs} and {@code GET /api/trends} ask the database, each a page of 100 with
 * its total. The history ({@link SyntheticHistory}) is written as run folders and indexed once per
 * trial through the same path a coordinator takes ({@link IndexSync}).
 *
 * <p>{@code store}: {@code sqlite} (a file in a temporary data dir) or {@code postgresql} (the server
 * named by {@code STAMPEDE_BENCH_POSTGRES}, a {@code postgresql://} URL, with
 * {@code STAMPEDE_BENCH_POSTGRES_PASSWORD}; a fresh schema per trial).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RunIndexBenchmark {
    @Param({"10000"})
    int runs;

    @Param({"sqlite"})
    String store;

    private Path dataDir;
    private RunIndex index;
    private final long now = SyntheticHistory.T0 + 10_000 * SyntheticHistory.STEP_MS;

    @Setup(Level.Trial)
    public void index() throws IOException {
        dataDir = Files.createTempDirectory("stampede-index-bench-");
        SyntheticHistory.write(dataDir, runs);
        IndexDatabase database = store.equals("postgresql")
                ? IndexDatabase.parse(System.getenv("STAMPEDE_BENCH_POSTGRES"), dataDir,
                        System.getenv("STAMPEDE_BENCH_POSTGRES_PASSWORD")).inSchema("bench_" + System.nanoTime())
                : IndexDatabase.inDataDir(dataDir);
        index = RunIndex.open(database);
        long started = System.nanoTime();
        IndexSync.Outcome outcome = IndexSync.sync(index, dataDir, false);
        System.out.printf("%nindexed %s from %d folders in %d ms%n", outcome, runs, (System.nanoTime() - started) / 1_000_000);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        index.close();
        try (var files = Files.walk(dataDir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private RunQuery query(Map<String, List<String>> params) {
        return RunQuery.parse(params, now);
    }

    /** The first page of the runs list, no filter: 100 rows with tags and labels, and the count of all. */
    @Benchmark
    public RunPage listNewest() {
        return index.find(RunQuery.all());
    }

    /** A scenario's nightly runs. */
    @Benchmark
    public RunPage filterScenarioAndTag() {
        return index.find(query(Map.of("scenario", List.of("scenario_3"), "tag", List.of("nightly"))));
    }

    /** The run of one commit (a label). */
    @Benchmark
    public RunPage filterLabel() {
        return index.find(query(Map.of("label", List.of("commit=" + SyntheticHistory.commit(4321)))));
    }

    /** Failed verdicts of the last 7 days in staging. */
    @Benchmark
    public RunPage filterVerdictLabelAndTime() {
        return index.find(query(Map.of("verdict", List.of("failed"), "label", List.of("env=staging"), "since", List.of("7d"))));
    }

    /** The largest page the API gives: 1,000 rows. */
    @Benchmark
    public RunPage listThousand() {
        return index.find(query(Map.of("limit", List.of("1000"))));
    }

    /** The trend view: 30 nightly runs of a scenario, every standard metric and check, banded by 5 runs. */
    @Benchmark
    public Trend trendOfThirtyNightlyRuns() {
        return Trends.build(index, query(Map.of("scenario", List.of("scenario_3"), "tag", List.of("nightly"), "limit",
                List.of("30"))), List.of(), BaselineSpec.defaultWindow());
    }
}
