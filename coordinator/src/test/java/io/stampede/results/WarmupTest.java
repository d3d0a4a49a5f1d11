package io.stampede.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.stampede.run.Run;
import io.stampede.testkit.CsvFile;
import io.stampede.testkit.RealCluster;
import io.vertx.core.http.HttpServer;

/** {@code load.warmup}: the first seconds are run and shown, and kept out of every measured figure. */
class WarmupTest {
    @TempDir
    Path dir;

    @Test
    void theWarmUpRunsAndShowsInTheTimelineButNotInTheSummaryNorInLatencyHlog() throws Exception {
        try (RealCluster cluster = RealCluster.start(dir)) {
            HttpServer target = RealCluster.await(cluster.vertx().createHttpServer()
                    .requestHandler(req -> req.response().end("ok")).listen(0, "127.0.0.1"));

            Run run = cluster.run("warmup/two-seconds.yaml", Map.of("TARGET", "http://127.0.0.1:" + target.actualPort()));

            Summary s = run.summary();
            Path folder = dir.resolve(run.id());
            long warm = 0;
            long measured = 0;
            for (Map<String, String> row : CsvFile.read(folder.resolve(ResultFolder.TIMESERIES))) {
                boolean warmSecond = Long.parseLong(row.get("second")) < 2;
                assertThat(row.get("warmup")).as("second " + row.get("second")).isEqualTo(warmSecond ? "1" : "0");
                long requests = Long.parseLong(row.get("requests"));
                if (warmSecond) {
                    warm += requests;
                } else {
                    measured += requests;
                }
            }
            assertThat(warm).as("the warm-up ran").isPositive();
            assertThat(measured).as("and so did the rest").isPositive();
            assertThat(s.warmupS()).isEqualTo(2.0);
            assertThat(s.requests().count()).as("the summary counts the measured seconds only").isEqualTo(measured);
            assertThat(s.steps()).singleElement().extracting(Summary.StepLine::count).isEqualTo(measured);
            assertThat(s.users().started()).as("users are counted from the start").isEqualTo(3);
            assertThat(s.requests().rps()).as("over the measured time, not the whole run")
                    .isGreaterThan(measured / s.durationS());
            assertThat(hlogCounts(folder.resolve(ResultFolder.LATENCY).toFile()).get("step:fast"))
                    .as("latency.hlog holds the measured intervals only").isEqualTo(measured);
        }
    }

    private static Map<String, Long> hlogCounts(File file) throws Exception {
        Map<String, Long> counts = new HashMap<>();
        HistogramLogReader reader = new HistogramLogReader(file);
        try {
            EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null) {
                counts.merge(h.getTag(), ((Histogram) h).getTotalCount(), Long::sum);
            }
        } finally {
            reader.close();
        }
        return counts;
    }
}
