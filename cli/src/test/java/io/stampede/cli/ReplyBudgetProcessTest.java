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

import com.fasterxml.jackson.databind.JsonNode;

import io.stampede.results.ResultsJson;
import io.stampede.secret.ClusterSecret;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Issue 11's "nothing a caller sends can exhaust a worker's memory", as a user would meet it:
 * {@code stampede run} in its own JVM with a 96 MiB heap, 30 users that may each keep 12 MiB
 * of a reply ({@code target.max_reply_bytes}; 360 MiB together) against a real server on loopback
 * that streams a 20 MB answer to every turn. The worker's reply budget (half the heap beyond
 * 64 MiB: 16 MiB, a little less where the JVM counts its heap without a survivor space)
 * cuts what does not fit with its one reason; the run ends, nothing runs out of memory, the
 * counts reconcile. A scenario whose one reply could not fit the budget at all is refused.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReplyBudgetProcessTest {
    private static final int USERS = 30;
    private static final long REPLY_BYTES = 20_000_000;
    private static final String WORDS = "word ".repeat(16 * 1024 / 5);

    @TempDir
    Path dir;

    private Vertx vertx;
    private HttpServer target;
    private final AtomicInteger turns = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        target = Await.result(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            turns.incrementAndGet();
            HttpServerResponse response = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
            stream(response, REPLY_BYTES);
        })).listen(0, "127.0.0.1"), Duration.ofSeconds(10));
    }

    /** An OpenAI chat stream of about {@code left} bytes of reply text, written as fast as the client reads it. */
    private void stream(HttpServerResponse response, long left) {
        while (!response.writeQueueFull()) {
            if (response.closed()) {
                return;
            }
            if (left <= 0) {
                response.end("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
                return;
            }
            response.write(Buffer.buffer("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + WORDS + "\"}}]}\n\n"));
            left -= WORDS.length();
        }
        long rest = left;
        response.drainHandler(v -> stream(response, rest));
    }

    @AfterEach
    void stop() throws Exception {
        Await.result(vertx.close(), Duration.ofSeconds(10));
    }

    @Test
    void aWorkerWithA96MiBHeapCutsEveryHugeReplyAtItsBudgetAndNeitherRunsOutOfMemoryNorLosesCount() throws Exception {
        Path scenario = dir.resolve("huge-replies.yaml");
        Files.writeString(scenario, """
                scenario: huge_replies_small_heap
                target:
                  base_url: http://127.0.0.1:%d
                  protocol: openai
                  model: bench
                  timeout: 60s
                  max_reply_bytes: %s
                load: { users: %d, iterations: 2 }
                on_failure: continue
                steps:
                  - send: "tell me everything"
                    name: story
                    assert: { response_contains: "word" }
                """.formatted(target.actualPort(), "12MiB", USERS));

        try (WorkerProcess run = run(scenario)) {
            int exit = run.exitCode(Duration.ofSeconds(150));
            String output = run.output();
            assertThat(output).doesNotContain("OutOfMemoryError").doesNotContain("Java heap space");
            assertThat(exit).as(output).isIn(ExitCodes.OK, ExitCodes.THRESHOLD_FAILED);

            JsonNode summary = summary();
            JsonNode story = summary.get("steps").get(0);
            assertThat(story.get("count").asLong()).as(output).isEqualTo(2 * USERS);
            assertThat(story.get("failures")).as("one reason: %s", story).hasSize(1);
            long cut = story.get("failures").get(0).get("count").asLong();
            assertThat(cut).as("30 × 12 MiB do not fit 16 MiB at once").isPositive();
            assertThat(story.get("failures").get(0).get("reason").asText())
                    .startsWith("the reply was cut at the worker's reply budget (")
                    .endsWith(" for the replies of all its users at once): lower target.max_reply_bytes or the users per"
                            + " worker, or give workers more heap (-Xmx, --reply-budget)");
            assertThat(summary.get("users").get("started").asLong()).isEqualTo(USERS);
            assertThat(summary.get("users").get("finished").asLong()).isEqualTo(USERS);
            assertThat(summary.get("conversations").get("started").asLong()).isEqualTo(2 * USERS);
            assertThat(summary.get("conversations").get("failed").asLong()).isEqualTo(cut);
            assertThat(summary.get("conversations").get("succeeded").asLong()).isEqualTo(2 * USERS - cut);
            assertThat(turns.get()).as("every turn reached the target").isEqualTo(2 * USERS);
        }
    }

    @Test
    void aScenarioWhoseOneReplyCannotFitTheWorkersBudgetIsRefusedBeforeItStarts() throws Exception {
        Path scenario = dir.resolve("too-large.yaml");
        Files.writeString(scenario, """
                scenario: one_reply_too_large
                target:
                  base_url: http://127.0.0.1:%d
                  protocol: openai
                  model: gpt-4o
                  max_reply_bytes: 200MiB
                load: { users: 1, iterations: 1 }
                steps:
                  - send: "hi"
                """.formatted(target.actualPort()));
        try (WorkerProcess run = run(scenario)) {
            int exit = run.exitCode(Duration.ofSeconds(60));
            assertThat(run.output()).contains("the run keeps up to 200 MiB of a reply per user (target.max_reply_bytes:"
                    + " 209715200 bytes), more than worker ").contains("lower target.max_reply_bytes, or give the workers"
                    + " more heap (-Xmx) or a larger --reply-budget");
            assertThat(exit).as(run.output()).isNotIn(ExitCodes.OK, ExitCodes.THRESHOLD_FAILED);
            assertThat(turns.get()).as("nothing was sent").isZero();
        }
    }

    /** {@code stampede run} of {@code scenario} in a JVM of 96 MiB. */
    private WorkerProcess run(Path scenario) throws Exception {
        return WorkerProcess.startMain("96m", Main.class, dir, "run-" + scenario.getFileName(), Map.of(ClusterSecret.ENV,
                WorkerProcess.CLUSTER_SECRET), "run", scenario.toString(), "--out", dir.resolve("results").toString(),
                "--quiet");
    }

    private JsonNode summary() throws Exception {
        try (var runs = Files.list(dir.resolve("results"))) {
            Path folder = runs.filter(Files::isDirectory).findFirst().orElseThrow();
            return ResultsJson.MAPPER.readTree(folder.resolve("summary.json").toFile());
        }
    }
}
