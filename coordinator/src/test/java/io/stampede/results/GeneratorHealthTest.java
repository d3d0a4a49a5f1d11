package io.stampede.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.stampede.aggregate.SecondStats;
import io.stampede.feed.FeedEvent;
import io.stampede.metrics.Counters;
import io.stampede.metrics.MetricKey;
import io.stampede.metrics.MetricsSnapshot;
import io.stampede.metrics.Percentiles;
import io.stampede.run.Run;
import io.stampede.testkit.CsvFile;
import io.stampede.testkit.RealCluster;
import io.vertx.core.http.HttpServer;

class GeneratorHealthTest {
    @TempDir
    Path dir;

    private static MetricsSnapshot lagOf(long... micros) {
        MetricsSnapshot totals = new MetricsSnapshot();
        for (long m : micros) {
            totals.key(MetricKey.GENERATOR_LAG).record(m, true);
        }
        return totals;
    }

    @Test
    void aRunWithoutLagSamplesHasNoGeneratorLine() {
        assertThat(GeneratorHealth.of(new MetricsSnapshot(), List.of())).isNull();
    }

    /** A second of two lanes' probes (20 each, every 50 ms), {@code late} of them late by {@code lateMicros}. */
    private static SecondStats secondWithProbesLate(int late, long lateMicros) {
        MetricsSnapshot probes = lagOf();
        for (int i = 0; i < 40; i++) {
            probes.key(MetricKey.GENERATOR_LAG).record(i < late ? lateMicros : 150, true);
        }
        Percentiles lag = Percentiles.of(probes.key(MetricKey.GENERATOR_LAG).latency());
        return new SecondStats(3, 0, 10, 0, 0, 0, 0, lag, new Counters(),
                Map.of(MetricKey.GENERATOR_LAG, new SecondStats.KeyLine(40, 0, 0, lag)), 0.1, false);
    }

    @Test
    void oneShortPauseIsNotBehindButALoopLateForATenthOfTheSecondOrStalledOnceForLongIs() {
        assertThat(GeneratorHealth.behind(secondWithProbesLate(2, 14_000))).as("a 14 ms young collection: one probe per lane").isFalse();
        assertThat(GeneratorHealth.behind(secondWithProbesLate(0, 0))).isFalse();
        assertThat(GeneratorHealth.behind(secondWithProbesLate(6, 12_000))).as("late 12 ms for 6 of 40 probes").isTrue();
        assertThat(GeneratorHealth.behind(secondWithProbesLate(2, 120_000))).as("one stall of 120 ms").isTrue();
    }

    @Test
    void aGeneratorThatKeptUpIsNoBottleneckAndSaysNothing() {
        Summary.Generator g = GeneratorHealth.of(lagOf(200, 300, 900), List.of());
        assertThat(g.bottleneck()).isFalse();
        assertThat(g.verdict()).isNull();
        assertThat(g.lagMs().max()).isLessThan(1.0);
    }

    @Test
    void aGeneratorBehindInManySecondsIsTheBottleneckAndTheSummarySaysSoInWords() throws Exception {
        try (RealCluster cluster = RealCluster.start(dir)) {
            String rows = "{\"id\":0,\"name\":\"a row of a large answer\",\"tags\":[\"x\",\"y\",\"z\"],\"score\":0.5},";
            String body = "{\"rows\":[" + rows.repeat(30_000) + "{\"id\":1}]}"; // 2.4 MB: tens of ms per parse on any machine
            HttpServer target = RealCluster.await(cluster.vertx().createHttpServer()
                    .requestHandler(req -> req.response().putHeader("content-type", "application/json").end(body))
                    .listen(0, "127.0.0.1"));

            Run run = cluster.run("generator/heavy-replies.yaml", Map.of("TARGET", "http://127.0.0.1:" + target.actualPort()));

            Summary.Generator g = run.summary().generator();
            assertThat(g).isNotNull();
            assertThat(g.lagMs().p99()).as("the lane's own event loop was late, ms").isGreaterThan(GeneratorHealth.LAG_LIMIT_MS);
            assertThat(g.secondsBehind()).isPositive();
            assertThat(g.bottleneck()).isTrue();
            assertThat(run.summary().notes()).anySatisfy(n -> assertThat(n).startsWith("the load generator was behind in"));
            List<Map<String, String>> seconds = CsvFile.read(dir.resolve(run.id()).resolve(ResultFolder.TIMESERIES));
            assertThat(seconds).as("the seconds it was behind, marked").anySatisfy(row ->
                    assertThat(row.get("generator_behind")).isEqualTo("1"));
        }
    }

    @Test
    void generatorLagThresholdsAreJudgedAndTheFeedAndTimelineCarryTheGeneratorsFigures() throws Exception {
        try (RealCluster cluster = RealCluster.start(dir)) {
            HttpServer target = RealCluster.await(cluster.vertx().createHttpServer()
                    .requestHandler(req -> req.response().end("ok")).listen(0, "127.0.0.1"));

            Run run = cluster.run("generator/lag-thresholds.yaml", Map.of("TARGET", "http://127.0.0.1:" + target.actualPort()));

            Summary summary = run.summary();
            assertThat(summary.thresholds()).hasSize(2);
            Summary.ThresholdResult impossible = summary.thresholds().get(0);
            assertThat(impossible.metric()).isEqualTo("generator.lag_p99");
            assertThat(impossible.passed()).as("no event loop runs a timer within 1 µs at the p99").isFalse();
            assertThat(impossible.actual()).isGreaterThan(0.001);
            assertThat(impossible.message()).startsWith("generator.lag_p99 is ").endsWith("limit < 0.001ms: FAILED");
            Summary.ThresholdResult generous = summary.thresholds().get(1);
            assertThat(generous.metric()).isEqualTo("generator.lag_max");
            assertThat(generous.passed()).as(generous.message()).isTrue();
            assertThat(summary.thresholdsPassed()).isFalse();
            Verdict verdict = Verdict.of(summary);
            assertThat(verdict.outcome().exitCode()).isEqualTo(1);
            assertThat(verdict.headline()).startsWith("1 of 2 thresholds failed (generator.lag_p99");

            // The feed's metrics events, one per closed second, carry the generator's lag and CPU.
            List<JsonNode> metrics = new ArrayList<>();
            run.feed().subscribe(0, (FeedEvent e) -> {
                if (e.type().equals("metrics")) {
                    try {
                        metrics.add(ResultsJson.MAPPER.readTree(e.json()));
                    } catch (Exception ex) {
                        throw new IllegalStateException(ex);
                    }
                }
            }).run();
            assertThat(metrics).as("a metrics event per second").hasSizeGreaterThanOrEqualTo(3);
            assertThat(metrics).allSatisfy(m -> assertThat(m.has("generator_behind")).isTrue());
            assertThat(metrics).as("lag measured").anySatisfy(m ->
                    assertThat(m.path("generator_lag_p99_ms").asDouble(-1)).isGreaterThan(0));
            assertThat(metrics).as("the worker's CPU, from its heartbeat").anySatisfy(m ->
                    assertThat(m.path("generator_cpu").asDouble(-1)).isBetween(0.0, 1.0));

            List<Map<String, String>> seconds = CsvFile.read(dir.resolve(run.id()).resolve(ResultFolder.TIMESERIES));
            assertThat(seconds).as("the busiest worker's CPU, per second").anySatisfy(row -> {
                assertThat(row.get("generator_cpu")).isNotEmpty();
                assertThat(Double.parseDouble(row.get("generator_cpu"))).isBetween(0.0, 1.0);
            });
            assertThat(seconds).anySatisfy(row -> assertThat(row.get("generator_lag_p99_ms")).isNotEmpty());
        }
    }
}
