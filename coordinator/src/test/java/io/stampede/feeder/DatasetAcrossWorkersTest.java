package io.stampede.feeder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.stampede.coordinator.Coordinator;
import io.stampede.engine.WorkerNode;
import io.stampede.engine.WorkerOptions;
import io.stampede.json.Json;
import io.stampede.results.Summary;
import io.stampede.run.CoordinatorOptions;
import io.stampede.run.Run;
import io.stampede.run.RunOverrides;
import io.stampede.scenario.ScenarioSource;
import io.stampede.testkit.RealCluster;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * A dataset drawn once per row ({@code unique: true}) by the users of three workers, two lanes
 * each, closed and open model: the target sees every row's conversation exactly once, whichever
 * worker sent it, though no worker ever holds the file — the coordinator serves the rows.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DatasetAcrossWorkersTest {
    private static final int ROWS = 240;

    @TempDir
    Path dir;

    private Vertx vertx;
    private Coordinator coordinator;
    private final List<WorkerNode> workers = new ArrayList<>();
    private HttpServer target;
    /** Every message the target got, as sent. */
    private final Collection<String> messages = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        for (int w = 1; w <= 3; w++) {
            workers.add(RealCluster.await(WorkerNode.start(vertx, new WorkerOptions().workerId("w" + w).lanes(2).capacity(100))));
        }
        coordinator = RealCluster.await(Coordinator.start(vertx, new CoordinatorOptions().coordinatorId("c")
                .dataDir(dir.resolve("results")).startDelayMs(200).closeDelayMs(600)));
        target = RealCluster.await(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            Map<?, ?> json = (Map<?, ?>) Json.parse(body.getBytes());
            messages.add((String) json.get("message"));
            req.response().putHeader("content-type", "application/json").end("{\"reply\": \"ok\"}");
        })).listen(0, "127.0.0.1"));
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < ROWS; i++) {
            rows.append("{\"messages\": [{\"role\": \"user\", \"content\": \"row-").append(i).append("-a\"},")
                    .append("{\"role\": \"assistant\", \"content\": \"ok\"}, {\"role\": \"user\", \"content\": \"row-")
                    .append(i).append("-b\"}]}\n");
        }
        Files.writeString(dir.resolve("rows.jsonl"), rows);
        // A run takes the workers the coordinator knows: wait for all three heartbeats (slow on a busy machine).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (coordinator.workers().available().size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(coordinator.workers().available()).as("workers the coordinator knows").hasSize(3);
    }

    @AfterEach
    void stop() {
        RealCluster.await(vertx.close());
    }

    @Test
    void closedModelUsersOnThreeWorkersSendEveryRowOnce() throws Exception {
        Summary summary = run("load: { users: 30 }");

        assertEveryRowOnce(ROWS);
        assertThat(summary.conversations().started()).isEqualTo(ROWS);
        assertThat(summary.workers()).hasSize(3);
        assertThat(summary.workers()).allSatisfy(w -> assertThat(w.users()).isEqualTo(10));
    }

    @Test
    void openModelArrivalsOnThreeWorkersSendEveryRowOnceAndStopWhenTheRowsEnd() throws Exception {
        Summary summary = run("load: { arrival_rate: 200/s, duration: 2s, max_users: 300 }");

        assertEveryRowOnce(ROWS);
        assertThat(summary.conversations().started()).as("400 arrivals, " + ROWS + " rows").isEqualTo(ROWS);
    }

    private Summary run(String load) throws Exception {
        String yaml = """
                scenario: rows_once
                target: { base_url: "http://127.0.0.1:%d", timeout: 10s }
                %s
                data: { file: rows.jsonl, order: random, unique: true, seed: 3 }
                steps: { from_dataset: { turns: user } }
                """.formatted(target.actualPort(), load);
        Run run = RealCluster.await(coordinator.runs().submit(new ScenarioSource(yaml, "rows_once.yaml", dir, Map.of(), null),
                RunOverrides.NONE));
        Summary summary = RealCluster.await(run.completion(), Duration.ofSeconds(90));
        assertThat(summary).as("run %s %s: %s", run.id(), run.status(), run.reason()).isNotNull();
        return summary;
    }

    private void assertEveryRowOnce(int rows) {
        Map<String, Long> seen = messages.stream().collect(Collectors.groupingBy(m -> m, HashMap::new, Collectors.counting()));
        assertThat(seen).hasSize(2 * rows);
        assertThat(seen.values()).as("each turn of each row once").allMatch(n -> n == 1);
        for (int i = 0; i < rows; i++) {
            assertThat(seen).containsKeys("row-" + i + "-a", "row-" + i + "-b");
        }
    }
}
