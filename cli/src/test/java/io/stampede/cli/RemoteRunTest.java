package io.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.stampede.api.ApiOptions;
import io.stampede.api.HttpApi;
import io.stampede.coordinator.Coordinator;
import io.stampede.demo.DemoAgent;
import io.stampede.demo.DemoAgentOptions;
import io.stampede.engine.WorkerNode;
import io.stampede.engine.WorkerOptions;
import io.stampede.feed.FeedEvent;
import io.stampede.results.ResultsJson;
import io.stampede.run.CoordinatorOptions;
import io.stampede.run.Run;
import io.stampede.run.RunOverrides;
import io.vertx.core.Vertx;

/**
 * {@code stampede run FILE --coordinator URL} end to end: a coordinator with a token, a worker
 * and the demo agent in this JVM, and the command as a user types it.
 */
@Timeout(60)
class RemoteRunTest {
    private static final String TOKEN = "cli-test-token";

    @TempDir
    static Path dir;
    static Vertx vertx;
    static DemoAgent agent;
    static Coordinator coordinator;
    /** Never restarted: the tests that restart an API start one of their own. */
    static HttpApi api;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        agent = Await.result(DemoAgent.start(vertx, new DemoAgentOptions().setHost("127.0.0.1").setPort(0).setLatencyScale(0.05)),
                Duration.ofSeconds(10));
        Await.result(WorkerNode.start(vertx, new WorkerOptions().workerId("w1").lanes(1)), Duration.ofSeconds(10));
        coordinator = Await.result(Coordinator.start(vertx, new CoordinatorOptions().dataDir(dir.resolve("results"))
                .startDelayMs(100).closeDelayMs(300)), Duration.ofSeconds(10));
        api = startApi(0);
    }

    private static ApiOptions apiOptions(int port) {
        return new ApiOptions().port(port).token(TOKEN);
    }

    private static HttpApi startApi(int port) throws Exception {
        return Await.result(HttpApi.start(vertx, coordinator, apiOptions(port)), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() throws Exception {
        Await.result(vertx.close(), Duration.ofSeconds(10));
    }

    private static String url() {
        return "http://127.0.0.1:" + api.port();
    }

    /** The scenario and its CSV in a folder of their own, placeholders filled in. */
    private static Path scenario(String name, String duration, String tokenLimit) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        Files.writeString(folder.resolve("users.csv"), resource("users.csv"));
        Path file = folder.resolve("refunds.yaml");
        Files.writeString(file, resource("refunds.yaml").replace("__AGENT_URL__", "http://127.0.0.1:" + agent.port())
                .replace("__DURATION__", duration).replace("__TOKEN_LIMIT__", tokenLimit));
        return file;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = RemoteRunTest.class.getResourceAsStream("/remote/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private record Outcome(int exitCode, String out, String err) {
    }

    private static Outcome stampede(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        try {
            int code = Main.execute(args);
            return new Outcome(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void aRunOnACoordinatorPrintsTheSummaryAndExitsZero() throws Exception {
        Path file = scenario("ok", "1s", "< 1000000");

        Outcome run = stampede("run", file.toString(), "--coordinator", url(), "--token", TOKEN);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("scenario remote_refunds  done", "step order", "PASS");
        Matcher started = Pattern.compile("run (\\S+) on ").matcher(run.out());
        assertThat(started.find()).as(run.out()).isTrue();
        String id = started.group(1);
        List<String> lines = List.of(run.out().strip().split("\n"));
        List<String> last = lines.subList(lines.size() - 3, lines.size());
        assertThat(last.get(0)).isEqualTo("dashboard: " + url() + "/#/runs/" + id);
        assertThat(last.get(1)).isEqualTo("report: " + url() + "/api/runs/" + id + "/files/report.html");
        assertThat(last.get(2)).startsWith("✓ ").endsWith(" → exit 0");
        java.net.http.HttpResponse<String> report = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(url() + "/api/runs/" + id + "/files/report.html")).header("authorization", "Bearer " + TOKEN)
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(report.statusCode()).as("the report's URL answers").isEqualTo(200);
        Path folder = dir.resolve("results").resolve(id);
        assertThat(Files.readString(folder.resolve("scenario.yaml"))).contains("${PATH}").doesNotContain(System.getenv("PATH"));
        JsonNode order = ResultsJson.MAPPER.readTree(folder.resolve("summary.json").toFile()).get("steps").get(1);
        assertThat(order.get("name").asText()).isEqualTo("order");
        assertThat(order.get("count").asLong()).isPositive();
        assertThat(order.get("errors").asLong()).as("every user had an order id from the CSV").isZero();
    }

    @Test
    void aFailedThresholdExitsOne() throws Exception {
        Path file = scenario("threshold", "1s", "< 1");

        Outcome run = stampede("run", file.toString(), "--coordinator", url(), "--token", TOKEN, "--quiet");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL");
    }

    @Test
    void aScenarioTheCoordinatorRefusesIsPrintedWithTheFileAndExitsTwo() throws Exception {
        Path file = scenario("refused", "1s", "< 1000000");
        int before = coordinator.runs().list().size();

        Outcome run = stampede("run", file.toString(), "--coordinator", url(), "--token", TOKEN, "--users", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(file + ": users: must be a whole number of users, at least 1");
        assertThat(coordinator.runs().list()).hasSize(before);
    }

    @Test
    void anInvalidFileExitsTwoBeforeAnythingIsSent() throws Exception {
        Path file = scenario("invalid", "soon", "< 1000000");
        int before = coordinator.runs().list().size();

        Outcome run = stampede("run", file.toString(), "--coordinator", url(), "--token", TOKEN);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(file + ":12:13: load.duration:");
        assertThat(coordinator.runs().list()).hasSize(before);
    }

    @Test
    void aWrongTokenExitsThreeAndSaysWhatToDo() throws Exception {
        Path file = scenario("token", "1s", "< 1000000");

        Outcome run = stampede("run", file.toString(), "--coordinator", url(), "--token", "not-it");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("--token", "STAMPEDE_TOKEN");
    }

    @Test
    void theRunIsFollowedThroughARestartOfTheApiWithoutLosingEvents() throws Exception {
        Path file = scenario("restart", "3s", "< 1000000");
        // An API of this test's own, so that restarting it cannot disturb the others.
        AtomicReference<HttpApi> own = new AtomicReference<>(startApi(0));
        int port = own.get().port();
        // Mid-run, the API goes away and comes back on the same port: the CLI reconnects with Last-Event-ID.
        vertx.setTimer(1500, t -> own.get().close().compose(v -> HttpApi.start(vertx, coordinator, apiOptions(port))).onSuccess(own::set));
        HttpApi first = own.get();

        Outcome run = stampede("run", file.toString(), "--coordinator", "127.0.0.1:" + port, "--token", TOKEN);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("scenario remote_refunds  done");
        assertThat(own.get()).as("the API was restarted during the run").isNotSameAs(first);
        Await.result(own.get().close(), Duration.ofSeconds(10));
    }

    @Test
    void theFeedFollowerSeesEveryEventOnceAcrossARestart() throws Exception {
        Path file = scenario("follower", "3s", "< 1000000");
        AtomicReference<HttpApi> own = new AtomicReference<>(startApi(0));
        int port = own.get().port();
        Run run = Await.result(coordinator.runs().submit(ScenarioFiles.read(file), RunOverrides.NONE), Duration.ofSeconds(10));
        AtomicBoolean restarted = new AtomicBoolean();
        vertx.setTimer(1500, t -> own.get().close().compose(v -> HttpApi.start(vertx, coordinator, apiOptions(port)))
                .onSuccess(restart -> {
                    own.set(restart);
                    restarted.set(true);
                }));
        List<FeedEvent> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean doneAfterRestart = new AtomicBoolean();
        CoordinatorClient client = new CoordinatorClient(vertx, "http://127.0.0.1:" + port, TOKEN);

        JsonNode done = Await.result(new FeedFollower(client, run.id(), event -> {
            seen.add(event);
            doneAfterRestart.compareAndSet(false, event.type().equals("done") && restarted.get());
        }).follow(), Duration.ofSeconds(30));

        assertThat(done.get("status").asText()).isEqualTo("done");
        assertThat(doneAfterRestart).as("the stream was cut mid-run").isTrue();
        assertThat(seen.stream().map(FeedEvent::id).toList())
                .isEqualTo(LongStream.rangeClosed(1, seen.size()).boxed().toList());
        assertThat(seen.get(seen.size() - 1).type()).isEqualTo("done");
        Await.result(client.close(), Duration.ofSeconds(5));
        Await.result(own.get().close(), Duration.ofSeconds(10));
    }
}
