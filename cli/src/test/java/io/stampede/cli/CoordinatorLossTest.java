package io.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.stampede.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * The coordinator is a separate {@code stampede coordinator} JVM that gets SIGKILLed mid-run:
 * the worker JVMs must stop their load within 10 s, and a coordinator restarted on the same
 * data dir lists the run as aborted with the reason, summed up from its last checkpoint: a
 * summary, its start time, and a report, from the files the dead coordinator left whole.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CoordinatorLossTest {
    @TempDir
    Path dir;

    private final List<WorkerProcess> processes = new ArrayList<>();
    private final ConcurrentLinkedQueue<Long> requestTimes = new ConcurrentLinkedQueue<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private Vertx vertx;
    private HttpServer target;
    private int clusterPort;
    private int apiPort;

    @BeforeEach
    void startTarget() throws Exception {
        clusterPort = 17701 + (int) (ProcessHandle.current().pid() % 40) * 20;
        apiPort = clusterPort + 10;
        vertx = Vertx.vertx();
        target = Await.result(vertx.createHttpServer().requestHandler(req -> {
            requestTimes.add(System.currentTimeMillis());
            req.response().end("ok");
        }).listen(0, "127.0.0.1"), Duration.ofSeconds(10));
    }

    @AfterEach
    void stopAll() throws Exception {
        for (WorkerProcess p : processes) {
            p.close();
        }
        Await.result(vertx.close(), Duration.ofSeconds(10));
    }

    private WorkerProcess coordinator() throws Exception {
        WorkerProcess c = WorkerProcess.start(dir, "coordinator-" + processes.size(), "coordinator", "--port",
                String.valueOf(apiPort), "--data-dir", dir.resolve("data").toString(), "--join", "127.0.0.1:" + clusterPort,
                "--cluster-port", String.valueOf(clusterPort), "--cluster-name", "loss-" + clusterPort,
                "--otlp-port", String.valueOf(clusterPort + 11)); // never the default port: another process may hold it
        processes.add(c);
        Waits.until("the coordinator to be ready", Duration.ofSeconds(90), () -> get("/health/ready").statusCode() == 200,
                c::output);
        return c;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void workersStopTheirLoadWithinTenSecondsOfTheCoordinatorsDeathAndTheRunIsListedAsAborted() throws Exception {
        WorkerProcess coordinator = coordinator();
        WorkerProcess worker = WorkerProcess.start(dir, "worker", "worker", "--id", "w1", "--join", "127.0.0.1:" + clusterPort,
                "--cluster-port", String.valueOf(clusterPort + 1), "--cluster-name", "loss-" + clusterPort, "--lanes", "1");
        processes.add(worker);
        Waits.until("w1 to join", Duration.ofSeconds(90), () -> get("/api/workers").body().contains("\"w1\""),
                worker::output);

        String yaml = Files.readString(Path.of("src/test/resources/cluster/endless.yaml"))
                .replace("${TARGET}", "http://127.0.0.1:" + target.actualPort());
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/api/runs"))
                .header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(yaml)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String runId = (String) ((java.util.Map<?, ?>) Json.parse(created.body())).get("id");
        Waits.until("the run to send load", Duration.ofSeconds(90), () -> requestTimes.size() > 50, coordinator::output);
        // Killed once a checkpoint holds some of the run: what a restart must then find.
        Path checkpoint = dir.resolve("data").resolve(runId).resolve("checkpoint.json");
        Waits.until("a checkpoint with requests", Duration.ofSeconds(30), () -> Files.exists(checkpoint)
                && ((java.util.Map<?, ?>) ((java.util.Map<?, ?>) Json.parse(Files.readString(checkpoint))).get("requests"))
                .get("count") instanceof Number n && n.longValue() > 0, coordinator::output);

        coordinator.kill();
        long killedAt = System.currentTimeMillis();
        Thread.sleep(13_000);

        assertThat(worker.isAlive()).isTrue();
        long last = requestTimes.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(last - killedAt).as("load went on after the coordinator died").isLessThan(10_000);

        coordinator();
        HttpResponse<String> run = get("/api/runs/" + runId);
        assertThat(run.statusCode()).isEqualTo(200);
        java.util.Map<?, ?> record = (java.util.Map<?, ?>) Json.parse(run.body());
        assertThat(record.get("status")).isEqualTo("aborted");
        assertThat(String.valueOf(record.get("reason"))).isEqualTo("the coordinator stopped while the run was running");
        assertThat(record.get("started_at")).as("when it started").isNotNull();
        java.util.Map<?, ?> summary = (java.util.Map<?, ?>) record.get("summary");
        assertThat(summary).as("a summary from the last checkpoint").isNotNull();
        assertThat(((Number) ((java.util.Map<?, ?>) summary.get("requests")).get("count")).longValue())
                .as("requests counted up to the last checkpoint").isPositive();
        assertThat(((java.util.List<?>) record.get("files")).stream().map(String::valueOf).toList()).contains("summary.json", "stats.csv", "report.html", "events.jsonl");
        for (String line : Files.readAllLines(dir.resolve("data").resolve(runId).resolve("events.jsonl"))) {
            assertThat(Json.parse(line)).as("every line of events.jsonl is a whole event").isInstanceOf(java.util.Map.class);
        }
    }
}
