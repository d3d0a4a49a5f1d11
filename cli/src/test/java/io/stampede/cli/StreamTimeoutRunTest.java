package io.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.stampede.results.ResultsJson;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * Issue 12's own case: streamed OpenAI turns against a target that stalls, before its headers,
 * after them or after a first token, run by {@code stampede run} in this JVM with its output
 * captured. Every turn ends as a timeout on time (counted from the intended send), and nothing
 * prints a stack trace.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StreamTimeoutRunTest {
    private static final int USERS = 40;
    private static final int TURNS = USERS * 2;

    @TempDir
    Path dir;

    private Vertx vertx;
    private HttpServer target;
    private final AtomicInteger turns = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        target = Await.result(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            // Three ways to stall a stream; none of them ever ends the answer.
            switch (turns.getAndIncrement() % 3) {
                case 0 -> {
                    // nothing at all: not even the headers
                }
                case 1 -> req.response().setChunked(true).putHeader("content-type", "text/event-stream").writeHead();
                default -> req.response().setChunked(true).putHeader("content-type", "text/event-stream")
                        .write("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":"
                                + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"}}]}\n\n");
            }
        })).listen(0, "127.0.0.1"), Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() throws Exception {
        Await.result(vertx.close(), Duration.ofSeconds(10));
    }

    @Test
    void aStalledStreamTimesOutOnTimeAtTheP99AndNothingPrintsAStackTrace() throws Exception {
        Path scenario = dir.resolve("stalled-stream.yaml");
        Files.writeString(scenario, """
                scenario: stalled_stream
                target:
                  base_url: http://127.0.0.1:%d
                  protocol: openai
                  model: gpt-4o
                  timeout: 1s
                  request: { stream: true }
                load: { users: %d, iterations: 2 }
                steps:
                  - send: "tell me a long story"
                    name: story
                """.formatted(target.actualPort(), USERS));

        CommandOutput run = CommandOutput.run("run", scenario.toString(), "--out", dir.resolve("results").toString(), "--quiet");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCodes.OK);
        assertThat(turns.get()).as("every turn reached the target").isEqualTo(TURNS);
        JsonNode story = summary().get("steps").get(0);
        assertThat(story.get("count").asLong()).isEqualTo(TURNS);
        assertThat(story.get("failures")).hasSize(1);
        assertThat(story.get("failures").get(0).get("reason").asText()).isEqualTo("timed out after 1000ms");
        assertThat(story.get("failures").get(0).get("count").asLong()).isEqualTo(TURNS);
        JsonNode latency = story.get("latency_ms");
        // Never early (HdrHistogram keeps a bucket's lower bound: 1,000.3 ms may read 999.4), on time but
        // for a busy 2-core machine's slack in the tail.
        assertThat(latency.get("min").asDouble()).as("min, ms").isGreaterThanOrEqualTo(998);
        assertThat(latency.get("p50").asDouble()).as("p50, ms").isLessThan(1_050);
        assertThat(latency.get("p99").asDouble()).as("p99, ms").isLessThan(1_150);
        assertThat(run.out()).contains("story failed " + TURNS + "×: timed out after 1000ms");
        // The output of the whole run (the CLI's lines and every log line of every thread) has no stack trace.
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(run.out()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private JsonNode summary() throws Exception {
        try (var runs = Files.list(dir.resolve("results"))) {
            Path folder = runs.filter(Files::isDirectory).findFirst().orElseThrow();
            return ResultsJson.MAPPER.readTree(folder.resolve("summary.json").toFile());
        }
    }
}
