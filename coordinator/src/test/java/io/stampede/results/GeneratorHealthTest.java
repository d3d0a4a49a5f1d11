package io.stampede.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.stampede.metrics.MetricKey;
import io.stampede.metrics.MetricsSnapshot;
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
            String body = "{\"rows\":[" + rows.repeat(8_000) + "{\"id\":1}]}";
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
}
