package io.stampede.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.stampede.feed.FeedEvent;
import io.stampede.results.Summary;
import io.stampede.testkit.RealCluster;

/**
 * A worker that joins a running run takes a share of it from a second or two later: of the open
 * model's arrivals (none taken twice, none by nobody: started = planned), of the closed model's
 * users whose ramp had not started (each run once, by exactly one worker); the summary, the
 * timeline and the workers list say so.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class WorkersJoiningTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aWorkerThatJoinsAnOpenModelRunTakesAShareOfTheArrivalsAndEveryArrivalRunsOnce(@TempDir Path dir) throws Exception {
        try (RealCluster cluster = RealCluster.start(dir, o -> o.workerWaitMs(5_000))) {
            String agent = cluster.startAgent(0.02);
            Run run = cluster.submit("joining/open.yaml", Map.of("AGENT_URL", agent));
            awaitRunning(run);
            Thread.sleep(2_000);
            cluster.addWorker("w-joined");
            Summary summary = RealCluster.await(run.completion(), Duration.ofSeconds(60));

            assertThat(summary.joined()).singleElement().satisfies(j -> {
                assertThat(j.workerId()).isEqualTo("w-joined");
                assertThat(j.users()).as("positions taken: about half, by capacity").isBetween(100L, 300L);
                assertThat(j.fromSecond()).isBetween(3L, 6L);
            });
            assertThat(summary.arrivals().planned()).isEqualTo(320);
            assertThat(summary.arrivals().started() + summary.arrivals().dropped()).as("every arrival once").isEqualTo(320);
            assertThat(summary.arrivals().dropped()).isZero();
            assertThat(summary.requests().errors()).isZero();
            assertThat(summary.workers()).extracting(Summary.WorkerLine::workerId).contains("w-joined", "test-worker");
            assertJoinedInTimeline(dir, run, summary.joined().get(0).fromSecond());
        }
    }

    @Test
    void aWorkerThatJoinsAClosedModelRunTakesUsersWhoseRampHadNotStartedAndEachRunsOnce(@TempDir Path dir) throws Exception {
        try (RealCluster cluster = RealCluster.start(dir, o -> o.workerWaitMs(5_000))) {
            String agent = cluster.startAgent(0.02);
            Run run = cluster.submit("joining/closed.yaml", Map.of("AGENT_URL", agent));
            awaitRunning(run);
            Thread.sleep(2_000);
            cluster.addWorker("w-joined");
            Summary summary = RealCluster.await(run.completion(), Duration.ofSeconds(60));

            long taken = summary.joined().get(0).users();
            assertThat(taken).as("about half of the users not started yet, by capacity").isBetween(10L, 40L);
            assertThat(summary.users().started()).isEqualTo(80);
            assertThat(summary.users().finished()).isEqualTo(80);
            assertThat(summary.conversations().started()).isEqualTo(80);
            assertThat(summary.requests().count()).isEqualTo(80);
            assertThat(summary.workers()).filteredOn(w -> w.workerId().equals("w-joined")).singleElement()
                    .satisfies(w -> assertThat(w.users()).isEqualTo(taken));
            assertThat(summary.workers()).filteredOn(w -> w.workerId().equals("test-worker")).singleElement()
                    .satisfies(w -> assertThat(w.users()).isEqualTo(80 - taken));
            assertJoinedInTimeline(dir, run, summary.joined().get(0).fromSecond());
        }
    }

    private static void awaitRunning(Run run) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (run.status() != RunStatus.RUNNING && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
    }

    /**
     * timeseries.csv's workers_joined is 1 in the second the worker began taking load, 0 elsewhere,
     * and so is the live feed's metrics event of that second (the charts band it "worker joined").
     */
    private static void assertJoinedInTimeline(Path dir, Run run, long second) throws Exception {
        List<JsonNode> metrics = new ArrayList<>();
        for (FeedEvent e : run.feed().since(0)) {
            if (e.type().equals("metrics")) {
                metrics.add(JSON.readTree(e.json()));
            }
        }
        assertThat(metrics).isNotEmpty().allSatisfy(m -> assertThat(m.path("workers_joined").asInt(-1))
                .as("second " + m.get("second")).isEqualTo(m.get("second").asLong() == second ? 1 : 0));
        assertThat(metrics).anySatisfy(m -> assertThat(m.get("second").asLong()).isEqualTo(second));
        List<String> lines = Files.readAllLines(dir.resolve(run.id()).resolve("timeseries.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        int column = header.indexOf("workers_joined");
        assertThat(column).isPositive();
        assertThat(lines.subList(1, lines.size())).allSatisfy(line -> {
            String[] cells = line.split(",", -1);
            assertThat(cells[column]).as("second " + cells[0]).isEqualTo(Long.parseLong(cells[0]) == second ? "1" : "0");
        });
    }
}
