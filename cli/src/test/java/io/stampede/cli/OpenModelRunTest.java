package io.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.stampede.results.Summary;
import io.stampede.run.Run;
import io.stampede.run.RunOverrides;
import io.stampede.scenario.ScenarioSource;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/** The open model on the embedded cluster against a real HTTP target with known behaviour. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class OpenModelRunTest {
    @TempDir
    Path dir;

    private LocalCluster cluster;
    private Vertx targetVertx;
    private HttpServer target;
    private volatile long freezeFrom;
    private volatile long freezeTo;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        cluster = LocalCluster.start(dir.resolve("results"));
        targetVertx = Vertx.vertx();
        target = Await.result(targetVertx.createHttpServer().requestHandler(req -> {
            requests.incrementAndGet();
            long now = System.currentTimeMillis();
            long delay = switch (req.path()) {
                case "/slow" -> 1000;
                case "/maybe-frozen" -> now >= freezeFrom && now < freezeTo ? freezeTo - now : 0;
                default -> 0;
            };
            if (delay == 0) {
                req.response().end("ok");
            } else {
                targetVertx.setTimer(delay, id -> req.response().end("ok"));
            }
        }).listen(0, "127.0.0.1"), Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
        Await.result(targetVertx.close(), Duration.ofSeconds(10));
    }

    private Run submit(String file) throws Exception {
        String yaml = Files.readString(Path.of("src/test/resources/open", file))
                .replace("${TARGET}", "http://127.0.0.1:" + target.actualPort());
        return Await.result(cluster.coordinator().runs().submit(new ScenarioSource(yaml, file, dir, Map.of(), null),
                RunOverrides.NONE), Duration.ofSeconds(30));
    }

    @Test
    void aPoissonRunAt50PerSecondYieldsAbout50PerSecond() throws Exception {
        Summary summary = Await.result(submit("poisson-50.yaml").completion(), Duration.ofSeconds(60));

        // 500 expected over 10 s; a Poisson count has σ ≈ 22: ±5σ never fails by chance.
        assertThat(summary.arrivals().started()).isBetween(390L, 610L);
        assertThat(summary.requests().count()).isEqualTo(summary.arrivals().started());
        assertThat(requests.get()).isEqualTo((int) summary.requests().count());
        assertThat(summary.arrivals().dropped()).isZero();
        assertThat(summary.conversations().succeeded()).isEqualTo(summary.arrivals().started());
    }

    @Test
    void arrivalsKeepComingWhileTheTargetStallsSoTheStallShowsInTheLatencies() throws Exception {
        Run run = submit("freeze.yaml");
        // The target holds every request of the run's second second until its end.
        long start = run.startedAtMs() == 0 ? System.currentTimeMillis() + 200 : run.startedAtMs();
        freezeFrom = start + 1000;
        freezeTo = start + 2000;

        Summary summary = Await.result(run.completion(), Duration.ofSeconds(60));

        assertThat(summary.requests().count()).isEqualTo(200);
        // About 50 requests arrived during the stall and waited for its end: on average half a
        // second. A closed model would have sent ~1 request per user in that second, not 50.
        assertThat(summary.latencyMs().max()).isGreaterThan(800);
        assertThat(summary.latencyMs().p90()).isGreaterThan(300);
        assertThat(summary.latencyMs().p50()).isLessThan(100);
    }

    @Test
    void arrivalsOverMaxUsersAreDroppedAndCounted() throws Exception {
        Summary summary = Await.result(submit("capped.yaml").completion(), Duration.ofSeconds(60));

        // 120 planned; at most 5 users at once, each busy 1 s: about 15-20 start, the rest drop.
        assertThat(summary.arrivals().planned()).isEqualTo(120);
        assertThat(summary.arrivals().started()).isBetween(10L, 25L);
        assertThat(summary.arrivals().started() + summary.arrivals().dropped()).isEqualTo(120);
    }
}
