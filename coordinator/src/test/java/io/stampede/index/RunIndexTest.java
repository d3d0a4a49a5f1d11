package io.stampede.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.stampede.testkit.IndexStores;
import io.stampede.testkit.SyntheticRun;

/**
 * The index on both stores (SQLite always, PostgreSQL when a test server is given: see
 * {@link IndexStores}): what goes in comes out, every filter of the runs list, the index kept in
 * line with the folders, trends, baselines and retention.
 */
class RunIndexTest {
    static final long T0 = 1_795_000_000_000L; // 2026-11-18
    static final long HOUR = 3_600_000L;

    @TempDir
    Path dir;

    RunIndex index;

    @AfterEach
    void close() {
        if (index != null) {
            index.close();
        }
    }

    private RunIndex open(Dialect dialect) {
        index = RunIndex.open(IndexStores.fresh(dialect, dir));
        return index;
    }

    private Path data() throws Exception {
        return Files.createDirectories(dir.resolve("runs"));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aRunFolderIsIndexedWithItsIdentityCourseAndFigures(Dialect dialect) throws Exception {
        open(dialect);
        Path folder = SyntheticRun.of("refunds", T0).p95(250).successRate(97.5).ttftP95(80).tags("nightly", "release/1.4")
                .label("commit", "3f2a9c1").label("env", "staging").check("intent", 96.0).threshold(true).write(data());

        index.put(RunFolders.read(folder));
        IndexedRun run = index.get(folder.getFileName().toString()).orElseThrow();

        assertThat(run.scenario()).isEqualTo("refunds");
        assertThat(run.status()).isEqualTo("done");
        assertThat(run.verdict()).isEqualTo("passed");
        assertThat(run.createdAt()).isEqualTo(T0);
        assertThat(run.endedAt()).isEqualTo(T0 + 60_100);
        assertThat(run.users()).isEqualTo(10);
        assertThat(run.workers()).isEqualTo(1);
        assertThat(run.submittedBy()).isEqualTo("test");
        assertThat(run.p50Ms()).isEqualTo(125.0);
        assertThat(run.p95Ms()).isEqualTo(250.0);
        assertThat(run.p99Ms()).isEqualTo(375.0);
        assertThat(run.ttftP95Ms()).isEqualTo(80.0);
        assertThat(run.successRate()).isEqualTo(97.5);
        assertThat(run.requests()).isEqualTo(200);
        assertThat(run.rps()).isEqualTo(3.3);
        assertThat(run.tokensPerConversation()).isEqualTo(500.0);
        assertThat(run.costPerConversation()).isEqualTo(0.002);
        assertThat(run.currency()).isEqualTo("USD");
        assertThat(run.goodput()).isNull();
        assertThat(run.thresholdsPassed()).isTrue();
        assertThat(run.tags()).containsExactly("nightly", "release/1.4");
        assertThat(run.labels()).isEqualTo(Map.of("commit", "3f2a9c1", "env", "staging"));
        assertThat(run.keys()).extracting(IndexedRun.KeyFigures::kind, IndexedRun.KeyFigures::name, IndexedRun.KeyFigures::p95Ms)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("step", "ask", 250.0),
                        org.assertj.core.groups.Tuple.tuple("node", "llm_call", 125.0));
        assertThat(run.checks()).extracting(IndexedRun.CheckFigures::check, IndexedRun.CheckFigures::passRate)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("intent", 96.0));
        assertThat(run.thresholds()).extracting(IndexedRun.ThresholdVerdict::expression, IndexedRun.ThresholdVerdict::passed)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("p95_latency < 1s", true));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aSummarysGoodputShareIsIndexedAndTrended(Dialect dialect) throws Exception {
        open(dialect);
        // The goodput block as SummaryBuilder writes it: 987 good of 1,000 conversations.
        io.stampede.metrics.MetricsSnapshot totals = new io.stampede.metrics.MetricsSnapshot();
        io.stampede.metrics.KeyStats conversations = totals.key(io.stampede.metrics.MetricKey.CONVERSATIONS);
        for (int i = 0; i < 1000; i++) {
            conversations.record(1_000_000, i >= 13);
        }
        Path folder = SyntheticRun.of("refunds", T0)
                .goodput(io.stampede.results.GoodputFigures.goodput(totals, null, 60)).write(data());

        index.put(RunFolders.read(folder));

        assertThat(index.get(folder.getFileName().toString()).orElseThrow().goodput()).isEqualTo(98.7);
        Trend trend = Trends.build(index, RunQuery.parse(Map.of("scenario", List.of("refunds")), T0), List.of(),
                BaselineSpec.defaultWindow());
        assertThat(series(trend, "goodput").values()).containsExactly(98.7);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aRowIsReplacedWholeWhenItsFolderChanges(Dialect dialect) throws Exception {
        open(dialect);
        SyntheticRun first = SyntheticRun.of("refunds", T0).tags("a", "b").label("env", "dev").check("intent", 90);
        Path folder = first.write(data());
        index.put(RunFolders.read(folder));

        SyntheticRun.class.getName(); // the same id, rewritten with other tags and no check
        Files.writeString(folder.resolve("run.json"), Files.readString(folder.resolve("run.json"))
                .replace("\"a\", \"b\"", "\"b\"").replace("\"env\" : \"dev\"", "\"env\" : \"prod\""));
        Files.writeString(folder.resolve("summary.json"), Files.readString(folder.resolve("summary.json"))
                .replaceAll("(?s)\"checks\" : \\[.*?\\]", "\"checks\" : [ ]"));
        index.put(RunFolders.read(folder));

        IndexedRun run = index.get(first.id()).orElseThrow();
        assertThat(run.tags()).containsExactly("b");
        assertThat(run.labels()).isEqualTo(Map.of("env", "prod"));
        assertThat(run.checks()).isEmpty();
        assertThat(index.find(RunQuery.all()).total()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aRunWhoseSummaryIsWrittenButNotYetItsRecordIsIndexedAsEnded(Dialect dialect) throws Exception {
        open(dialect);
        Path folder = SyntheticRun.of("refunds", T0).threshold(false).write(data());
        Path record = folder.resolve("run.json");
        Files.writeString(record, Files.readString(record).replace("\"done\"", "\"running\"").replaceAll("\"ended_at\" : \\d+,?", ""));

        index.put(RunFolders.read(folder));

        IndexedRun run = index.get(name(folder)).orElseThrow();
        assertThat(run.status()).isEqualTo("done");
        assertThat(run.verdict()).isEqualTo("failed");
        assertThat(run.endedAt()).isEqualTo(T0 + 60_100);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theListFiltersByScenarioTagLabelStatusVerdictAndTime(Dialect dialect) throws Exception {
        open(dialect);
        Path data = data();
        String a = SyntheticRun.of("refunds", T0).tags("nightly").label("env", "staging").threshold(true).write(data)
                .getFileName().toString();
        String b = SyntheticRun.of("refunds", T0 + HOUR).tags("nightly", "pinned").label("env", "prod").threshold(false)
                .write(data).getFileName().toString();
        String c = SyntheticRun.of("refunds", T0 + 2 * HOUR).status("aborted", "stopped").write(data).getFileName().toString();
        String d = SyntheticRun.of("orders", T0 + 3 * HOUR).tags("nightly").label("env", "staging").write(data)
                .getFileName().toString();
        String e = SyntheticRun.of("orders", T0 + 4 * HOUR).status("running", null).withoutSummary().write(data)
                .getFileName().toString();
        IndexSync.sync(index, data, false);

        assertThat(ids(Map.of())).containsExactly(e, d, c, b, a);
        assertThat(ids(Map.of("scenario", List.of("refunds")))).containsExactly(c, b, a);
        assertThat(ids(Map.of("tag", List.of("nightly")))).containsExactly(d, b, a);
        assertThat(ids(Map.of("tag", List.of("nightly", "pinned")))).containsExactly(b);
        assertThat(ids(Map.of("label", List.of("env=staging")))).containsExactly(d, a);
        assertThat(ids(Map.of("label", List.of("env=staging"), "scenario", List.of("orders")))).containsExactly(d);
        assertThat(ids(Map.of("status", List.of("aborted,running")))).containsExactly(e, c);
        assertThat(ids(Map.of("verdict", List.of("failed")))).containsExactly(b);
        assertThat(ids(Map.of("verdict", List.of("passed", "finished")))).containsExactly(d, a);
        assertThat(ids(Map.of("verdict", List.of("running")))).containsExactly(e);
        assertThat(ids(Map.of("since", List.of(Long.toString(T0 + HOUR)), "until", List.of(Long.toString(T0 + 3 * HOUR)))))
                .containsExactly(c, b);
        assertThat(ids(Map.of("tag", List.of("weekly")))).isEmpty();

        RunPage page = index.find(RunQuery.parse(Map.of("limit", List.of("2"), "offset", List.of("1")), T0));
        assertThat(page.runs()).extracting(IndexedRun::id).containsExactly(d, c);
        assertThat(page.total()).isEqualTo(5);
        assertThat(page.runs().get(0).tags()).containsExactly("nightly");
        assertThat(page.runs().get(0).labels()).isEqualTo(Map.of("env", "staging"));
    }

    private List<String> ids(Map<String, List<String>> params) {
        return index.find(RunQuery.parse(params, T0 + 10 * HOUR)).runs().stream().map(IndexedRun::id).toList();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void syncIndexesMissingAndStaleFoldersAndDropsRowsWithoutAFolder(Dialect dialect) throws Exception {
        open(dialect);
        Path data = data();
        Path kept = SyntheticRun.of("refunds", T0).write(data);
        Path stale = SyntheticRun.of("refunds", T0 + HOUR).status("running", null).withoutSummary().write(data);
        Path gone = SyntheticRun.of("refunds", T0 + 2 * HOUR).write(data);
        assertThat(IndexSync.sync(index, data, false).indexed()).isEqualTo(3);

        // A crash between folder and row: the run ended on disk, its row still says running.
        String ended = Files.readString(stale.resolve("run.json")).replace("\"running\"", "\"aborted\"");
        Files.writeString(stale.resolve("run.json"), ended);
        Files.setLastModifiedTime(stale.resolve("run.json"), FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        // A folder removed by hand; a folder whose row was never written.
        deleteTree(gone);
        Path missing = SyntheticRun.of("refunds", T0 + 3 * HOUR).write(data);
        Files.createDirectories(data.resolve("not-a-run"));

        IndexSync.Outcome outcome = IndexSync.sync(index, data, false);

        assertThat(outcome.indexed()).isEqualTo(2);
        assertThat(outcome.removed()).isEqualTo(1);
        assertThat(outcome.unchanged()).isEqualTo(1);
        assertThat(index.get(name(stale)).orElseThrow().status()).isEqualTo("aborted");
        assertThat(index.get(name(missing))).isPresent();
        assertThat(index.get(name(gone))).isEmpty();
        assertThat(index.get(name(kept))).isPresent();
        assertThat(IndexSync.sync(index, data, false)).isEqualTo(new IndexSync.Outcome(0, 0, 3, List.of()));
        assertThat(IndexSync.sync(index, data, true).indexed()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aTrendFollowsEachMetricOldestFirstWithTheBaselineBand(Dialect dialect) throws Exception {
        open(dialect);
        Path data = data();
        double[] p95 = {200, 220, 180, 210, 190, 400};
        for (int i = 0; i < p95.length; i++) {
            SyntheticRun.of("refunds", T0 + i * HOUR).p95(p95[i]).tags("nightly").check("intent", 100 - i).write(data);
        }
        SyntheticRun.of("refunds", T0 + 7 * HOUR).p95(999).write(data); // not nightly
        SyntheticRun.of("refunds", T0 + 8 * HOUR).p95(999).tags("nightly").status("aborted", "stopped").write(data);
        SyntheticRun.of("orders", T0 + 9 * HOUR).p95(999).tags("nightly").write(data);
        IndexSync.sync(index, data, false);

        Trend trend = Trends.build(index, RunQuery.parse(Map.of("scenario", List.of("refunds"), "tag", List.of("nightly")),
                T0), List.of(), BaselineSpec.defaultWindow());

        assertThat(trend.runs()).hasSize(6);
        assertThat(trend.runs().get(0).at()).isEqualTo(T0);
        Trend.Series latency = series(trend, "p95");
        assertThat(latency.values()).containsExactly(200.0, 220.0, 180.0, 210.0, 190.0, 400.0);
        assertThat(latency.unit()).isEqualTo("ms");
        assertThat(latency.better()).isEqualTo("lower");
        assertThat(latency.band()).isEqualTo(new Trend.Band(180, 200, 220));
        assertThat(trend.baseline().runs()).hasSize(5).doesNotContain(trend.runs().get(5).runId());
        assertThat(trend.baseline().runId()).isEqualTo(trend.runs().get(0).runId()); // p95 200: the median of the five
        assertThat(series(trend, "check:ask/intent").values()).containsExactly(100.0, 99.0, 98.0, 97.0, 96.0, 95.0);
        assertThat(series(trend, "goodput").values()).containsOnlyNulls();
        assertThat(trend.series()).extracting(Trend.Series::metric).startsWith(TrendMetric.STANDARD.toArray(String[]::new));

        Trend steps = Trends.build(index, RunQuery.parse(Map.of("scenario", List.of("refunds"), "limit", List.of("2")), T0),
                List.of("steps", "node:llm_call"), BaselineSpec.parse("last"));
        assertThat(steps.series()).extracting(Trend.Series::metric).containsExactly("step:ask", "node:llm_call");
        assertThat(series(steps, "step:ask").values()).containsExactly(400.0, 999.0);
        assertThat(series(steps, "step:ask").band()).isEqualTo(new Trend.Band(400, 400, 400));
        assertThatThrownBy(() -> Trends.build(index, RunQuery.all().withScenario("refunds"), List.of("p42"),
                BaselineSpec.defaultWindow())).hasMessageContaining("unknown metric 'p42'");
    }

    private static Trend.Series series(Trend trend, String metric) {
        return trend.series().stream().filter(s -> s.metric().equals(metric)).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aBaselineIsTheLastOrTheMedianMatchingRunBeforeTheCandidate(Dialect dialect) throws Exception {
        open(dialect);
        Path data = data();
        double[] p95 = {300, 100, 500, 200, 400, 250};
        String[] ids = new String[p95.length];
        for (int i = 0; i < p95.length; i++) {
            ids[i] = SyntheticRun.of("refunds", T0 + i * HOUR).p95(p95[i]).tags("nightly").write(data).getFileName().toString();
        }
        String other = SyntheticRun.of("refunds", T0 + 10 * HOUR).p95(1).write(data).getFileName().toString();
        String failed = SyntheticRun.of("refunds", T0 + 11 * HOUR).tags("nightly").status("failed", "no worker").write(data)
                .getFileName().toString();
        String candidate = SyntheticRun.of("refunds", T0 + 12 * HOUR).tags("nightly").write(data).getFileName().toString();
        IndexSync.sync(index, data, false);
        IndexedRun c = index.get(candidate).orElseThrow();

        assertThat(pick("last:tag=nightly", c)).isEqualTo(ids[5]);
        assertThat(pick("last", c)).isEqualTo(other);
        assertThat(pick("last:status=failed", c)).isEqualTo(failed);
        // median:5 of nightly → p95 250, 400, 200, 500, 100 → 250
        assertThat(pick("median:5,tag=nightly", c)).isEqualTo(ids[5]);
        // median:4 → 250, 400, 200, 500 → the lower middle, 250
        assertThat(pick("median:4,tag=nightly", c)).isEqualTo(ids[5]);
        // median:3 before the third-newest... window 250, 400, 200 → 250; median of the first three runs: 300, 100, 500 → 300
        IndexedRun early = index.get(ids[3]).orElseThrow();
        assertThat(pick("median:3,tag=nightly", early)).isEqualTo(ids[0]);
        assertThat(Baselines.forCandidate(index, BaselineSpec.parse("last:tag=weekly"), c)).isEmpty();
        assertThat(Baselines.newest(index, BaselineSpec.parse("last:tag=nightly,scenario=refunds")).orElseThrow().id())
                .isEqualTo(candidate);
        assertThat(Baselines.forCandidate(index, BaselineSpec.parse("median:5,tag=nightly"), c).orElseThrow().describe())
                .contains("median p95 of the 5 newest runs matching median:5,tag=nightly");
    }

    private String pick(String spec, IndexedRun candidate) {
        return Baselines.forCandidate(index, BaselineSpec.parse(spec), candidate).orElseThrow().run().id();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void retentionRemovesFoldersAndRowsTogetherButNeverPinnedOrUnfinishedRuns(Dialect dialect) throws Exception {
        open(dialect);
        Path data = data();
        long now = T0 + 100 * 24 * HOUR;
        Path old = SyntheticRun.of("refunds", T0).write(data);
        Path oldPinned = SyntheticRun.of("refunds", T0 + HOUR).tags("pinned").write(data);
        Path oldRunning = SyntheticRun.of("refunds", T0 + 2 * HOUR).status("running", null).withoutSummary().write(data);
        Path recent1 = SyntheticRun.of("refunds", now - 3 * HOUR).write(data);
        Path recent2 = SyntheticRun.of("refunds", now - 2 * HOUR).status("aborted", "stopped").write(data);
        Path recent3 = SyntheticRun.of("refunds", now - HOUR).write(data);
        IndexSync.sync(index, data, false);

        List<String> byAge = new Retention(null, Duration.ofDays(30)).apply(index, data, now);
        assertThat(byAge).containsExactly(name(old));
        assertThat(old).doesNotExist();
        assertThat(index.get(name(old))).isEmpty();

        List<String> byCount = new Retention(2, null).apply(index, data, now);
        assertThat(byCount).containsExactly(name(recent1));
        assertThat(recent1).doesNotExist();
        for (Path keptRun : List.of(oldPinned, oldRunning, recent2, recent3)) {
            assertThat(keptRun).isDirectory();
            assertThat(index.get(name(keptRun))).isPresent();
        }
        assertThat(new Retention(0, null).due(index, now)).containsExactly(name(recent3), name(recent2));
        assertThat(Retention.NONE.apply(index, data, now)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void openingAnIndexAgainKeepsItsRowsAndMigratesNothing(Dialect dialect) throws Exception {
        IndexDatabase database = IndexStores.fresh(dialect, dir);
        Path folder = SyntheticRun.of("refunds", T0).write(data());
        try (RunIndex first = RunIndex.open(database)) {
            assertThat(first.created()).isTrue();
            first.put(RunFolders.read(folder));
        }
        try (RunIndex again = RunIndex.open(database)) {
            assertThat(again.created()).isFalse();
            assertThat(again.get(name(folder))).isPresent();
            assertThat(again.scenarios()).extracting(RunIndex.ScenarioRuns::name, RunIndex.ScenarioRuns::runs)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("refunds", 1L));
        }
    }

    @org.junit.jupiter.api.Test
    void theIndexRefusesToWorkOnAnEventLoop() throws Exception {
        open(Dialect.SQLITE);
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            java.util.concurrent.CompletableFuture<Throwable> refused = new java.util.concurrent.CompletableFuture<>();
            vertx.runOnContext(v -> {
                try {
                    index.find(RunQuery.all());
                    refused.complete(null);
                } catch (RuntimeException e) {
                    refused.complete(e);
                }
            });
            assertThat(refused.get(10, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("on an event loop");
            Boolean fromWorker = vertx.executeBlocking(() -> index.find(RunQuery.all()).runs().isEmpty())
                    .toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(fromWorker).isTrue();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private static String name(Path folder) {
        return folder.getFileName().toString();
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
