package io.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.stampede.results.ResultsJson;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * Every {@code on_worker_loss} policy against every fault — a worker killed, a worker paused
 * past the loss timeout, the coordinator killed and restarted — on a real cluster (a coordinator
 * and three worker JVMs) against a target that logs who asked what. Whatever happens, each
 * conversation has exactly one outcome, no user is counted twice, a paused worker sends nothing
 * once it was declared lost, and no conversation id runs to its end twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FaultPoliciesTest {
    private static final String FAULTED = "w2";
    /** w2 holds users 3, 4 and 5 of 9: slices go to w1, w2, w3 in id order, in equal shares. */
    private static final List<Integer> FAULTED_USERS = List.of(3, 4, 5);

    /** The processes' logs, kept after the test for a failure to be read. */
    private final Path dir = Path.of("target", "fault-policies");

    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, WorkerProcess> workers = new HashMap<>();
    private final List<WorkerProcess> stopped = new ArrayList<>();
    private final ConcurrentLinkedQueue<Hit> hits = new ConcurrentLinkedQueue<>();
    private WorkerProcess coordinator;
    private Vertx vertx;
    private HttpServer target;
    private int clusterPort;
    private int apiPort;

    /** One request as the target saw it: when, whose (user index and conversation number from the traceparent), which id. */
    private record Hit(long atMs, int user, int conversation, String conversationId, boolean lastTurn) {
    }

    static Stream<Arguments> cases() {
        return Stream.of("redistribute", "continue", "abort")
                .flatMap(policy -> Stream.of("kill", "pause", "coordinator").map(fault -> Arguments.of(policy, fault)));
    }

    @BeforeAll
    void startCluster() throws Exception {
        deleteRecursively(dir);
        Files.createDirectories(dir);
        clusterPort = 19701 + (int) (ProcessHandle.current().pid() % 30) * 20;
        apiPort = clusterPort + 15;
        vertx = Vertx.vertx();
        target = Await.result(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            String[] trace = req.getHeader("traceparent").split("-");
            JsonNode json = parse(body.toString());
            hits.add(new Hit(System.currentTimeMillis(), Integer.parseInt(trace[1].substring(16, 24), 16),
                    Integer.parseInt(trace[1].substring(24, 28), 16), json.path("conversation_id").asText(),
                    json.path("message").asText().equals("thanks")));
            vertx.setTimer(20, id -> req.response().putHeader("content-type", "application/json").end("{\"reply\":\"ok\"}"));
        })).listen(0, "127.0.0.1"), Duration.ofSeconds(10));
        startCoordinator();
        for (String id : List.of("w1", "w2", "w3")) {
            startWorker(id);
        }
        awaitWorkersUp(3);
    }

    @AfterAll
    void stopCluster() throws Exception {
        for (WorkerProcess p : workers.values()) {
            p.close();
        }
        for (WorkerProcess p : stopped) {
            p.close();
        }
        if (coordinator != null) {
            coordinator.close();
        }
        Await.result(vertx.close(), Duration.ofSeconds(10));
    }

    @ParameterizedTest(name = "{0} when {1}")
    @MethodSource("cases")
    void everyConversationHasOneOutcomeAndNothingIsSentTwice(String policy, String fault) throws Exception {
        hits.clear();
        String runId = submit(policy);
        awaitTrue(() -> hits.stream().anyMatch(h -> FAULTED_USERS.contains(h.user())), "the faulted worker's users sent load");
        long faultAt = System.currentTimeMillis();
        JsonNode view;
        switch (fault) {
            case "kill" -> {
                workers.get(FAULTED).kill();
                view = awaitEnd(runId);
                stopped.add(workers.remove(FAULTED));
                startWorker(FAULTED);
            }
            case "pause" -> {
                workers.get(FAULTED).pause();
                Thread.sleep(7_000); // past the loss timeout (4 s)
                workers.get(FAULTED).resume();
                view = awaitEnd(runId);
            }
            default -> {
                coordinator.kill();
                stopped.add(coordinator);
                Thread.sleep(2_000);
                startCoordinator();
                view = get("/api/runs/" + runId);
            }
        }
        awaitWorkersUp(3); // the cluster is whole again before the next case

        JsonNode summary = view.path("summary");
        assertThat(summary.isObject()).as("a summary for %s: %s", runId, view).isTrue();
        String status = summary.path("status").asText();
        assertThat(status).isEqualTo(policy.equals("abort") || fault.equals("coordinator") ? "aborted" : "done");

        JsonNode c = summary.path("conversations");
        assertThat(c.path("started").asLong()).as("started = succeeded + failed + interrupted + lost: %s", c)
                .isEqualTo(c.path("succeeded").asLong() + c.path("failed").asLong() + c.path("interrupted").asLong()
                        + c.path("lost").asLong());
        JsonNode u = summary.path("users");
        assertThat(u.path("started").asLong()).as("users: %s", u).isLessThanOrEqualTo(u.path("target").asLong())
                .isLessThanOrEqualTo(u.path("finished").asLong() + u.path("lost").asLong());

        if (!fault.equals("coordinator")) {
            JsonNode degraded = summary.path("degraded").path(0);
            assertThat(degraded.path("worker_id").asText()).as("the loss in the summary: %s", summary).isEqualTo(FAULTED);
            long detectedAt = Instant.parse(degraded.path("detected_at").asText()).toEpochMilli();
            assertThat(detectedAt - faultAt).as("ms to detect the loss").isBetween(0L, 6_000L);
            // Requests for the faulted worker's users under their own (not taken-over) ids came from it:
            // after it was declared lost, there must be none.
            assertThat(hits).filteredOn(h -> FAULTED_USERS.contains(h.user()) && !h.conversationId().matches(".*-s\\d+$")
                    && h.atMs() > detectedAt).as("requests from %s after it was declared lost", FAULTED).isEmpty();
            if (policy.equals("redistribute")) {
                assertThat(u.path("lost").asLong()).as("every user of the lost worker ran on").isZero();
                assertThat(c.path("restarted").asLong()).isEqualTo(c.path("lost").asLong());
                assertThat(degraded.path("recovered_at").isTextual()).as("the users ran again: %s", degraded).isTrue();
            }
            if (!policy.equals("redistribute")) {
                assertThat(u.path("lost").asLong()).as("the lost worker's users, not run elsewhere").isEqualTo(FAULTED_USERS.size());
            }
        }
        Map<String, Long> lastTurns = new HashMap<>();
        hits.stream().filter(Hit::lastTurn).forEach(h -> lastTurns.merge(h.conversationId(), 1L, Long::sum));
        assertThat(lastTurns).as("conversation ids that reached their last turn twice").allSatisfy((id, n) -> assertThat(n).isOne());
    }

    /**
     * A worker silent for seconds from the load's end (ending tens of thousands of users on
     * a busy machine looks like this) is no loss: nothing is handed over then, so its last reports
     * are awaited, and every one of its users is counted. Even {@code abort} does not abort.
     */
    @Test
    void aWorkerSilentAfterTheLoadEndedIsWaitedForAndNoUserIsLost() throws Exception {
        hits.clear();
        String runId = submit("abort");
        awaitTrue(() -> get("/api/runs/" + runId).path("started_at").isNumber(), "run " + runId + " started");
        long loadEndsAt = get("/api/runs/" + runId).path("started_at").asLong() + 12_000;
        // Just before the end: its users cannot have finished and reported yet, and its silence
        // (from its last heartbeat, under a second earlier) outlasts the loss timeout after the end.
        Thread.sleep(Math.max(0, loadEndsAt - 200 - System.currentTimeMillis()));
        workers.get(FAULTED).pause();
        Thread.sleep(7_000); // past the loss timeout (4 s)
        workers.get(FAULTED).resume();
        JsonNode summary = awaitEnd(runId).path("summary");
        awaitWorkersUp(3);

        assertThat(summary.path("status").asText()).as("%s", summary).isEqualTo("done");
        assertThat(summary.path("notes").toString()).as("the pause outlasted the loss timeout")
                .contains("worker " + FAULTED + " fell silent at");
        assertThat(summary.path("degraded")).as("no loss judged").isEmpty();
        JsonNode c = summary.path("conversations");
        assertThat(c.path("lost").asLong()).as("%s", c).isZero();
        assertThat(c.path("started").asLong()).as("started = succeeded + failed + interrupted: %s", c)
                .isEqualTo(c.path("succeeded").asLong() + c.path("failed").asLong() + c.path("interrupted").asLong());
        JsonNode u = summary.path("users");
        assertThat(u.path("lost").asLong()).as("%s", u).isZero();
        assertThat(u.path("finished").asLong()).as("every user finished: %s", u).isEqualTo(u.path("started").asLong())
                .isEqualTo(u.path("target").asLong());
        long faultedRequests = hits.stream().filter(h -> FAULTED_USERS.contains(h.user())).count();
        assertThat(faultedRequests).as("the paused worker's users ran").isPositive();
    }

    // ---- the cluster

    private void startCoordinator() throws Exception {
        coordinator = WorkerProcess.start(dir, "coordinator-" + stopped.size(), "coordinator", "--port", String.valueOf(apiPort),
                "--data-dir", dir.resolve("data").toString(), "--join", "127.0.0.1:" + clusterPort, "--cluster-port",
                String.valueOf(clusterPort), "--cluster-name", "faults-" + clusterPort,
                "--otlp-port", String.valueOf(clusterPort + 16)); // never the default port: another process may hold it
        awaitTrue(() -> get("/health/ready").path("status").asText().equals("ready"), "the coordinator is ready");
    }

    private void startWorker(String id) throws IOException {
        workers.put(id, WorkerProcess.start(dir, id + "-" + stopped.size(), "worker", "--id", id, "--capacity", "100", "--lanes", "1",
                "--join", "127.0.0.1:" + clusterPort, "--cluster-port", String.valueOf(clusterPort + 1 + workers.size() + stopped.size()),
                "--cluster-name", "faults-" + clusterPort));
    }

    private void awaitWorkersUp(int count) throws Exception {
        awaitTrue(() -> get("/api/workers").path("up").asInt() == count, count + " workers up");
    }

    private String submit(String policy) throws Exception {
        String yaml = Files.readString(Path.of("src/test/resources/cluster/faults.yaml"))
                .replace("${TARGET}", "http://127.0.0.1:" + target.actualPort()).replace("${POLICY}", policy);
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(api("/api/runs"))
                .header("content-type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(yaml)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return parse(created.body()).path("id").asText();
    }

    private JsonNode awaitEnd(String runId) throws Exception {
        awaitTrue(() -> List.of("done", "failed", "aborted").contains(get("/api/runs/" + runId).path("status").asText()),
                "run " + runId + " ended");
        return get("/api/runs/" + runId);
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> reply = http.send(HttpRequest.newBuilder(api(path)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return parse(reply.body());
    }

    private URI api(String path) {
        return URI.create("http://127.0.0.1:" + apiPort + path);
    }

    private static JsonNode parse(String json) {
        try {
            return ResultsJson.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (Files.exists(path)) {
            try (Stream<Path> all = Files.walk(path)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private void awaitTrue(Check check, String what) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            try {
                if (check.holds()) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            assertThat(System.currentTimeMillis()).as("waiting for: " + what + "; logs in " + dir).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
