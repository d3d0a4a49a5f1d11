package io.stampede.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.stampede.run.Run;
import io.stampede.testkit.RealCluster;
import io.vertx.core.http.HttpServer;

/**
 * One failure, one reason (issue 12, item 5) through a whole run to its result folder: a reset
 * reads as a sentence, the checks an error answer makes meaningless are counted as not
 * evaluated, and the server's own words reach the failure's detail with the secrets they quote
 * masked.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OneReasonRunTest {
    private static final String API_KEY = "sk-canary-7Qx9Lm2PzR4t";

    @TempDir
    Path dir;

    @Test
    void aTargetThatResetsTheConnectionFailsEachStepWithThatSentence() throws Exception {
        AtomicInteger resets = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             RealCluster cluster = RealCluster.start(dir)) {
            Thread acceptor = new Thread(() -> resetEveryRequest(server, resets), "resetting-target");
            acceptor.setDaemon(true);
            acceptor.start();

            Run run = cluster.run("reasons/reset.yaml", Map.of("TARGET", "http://127.0.0.1:" + server.getLocalPort()));

            Summary.StepLine fetch = run.summary().steps().get(0);
            assertThat(fetch.count()).isEqualTo(4);
            assertThat(fetch.errors()).isEqualTo(4);
            assertThat(fetch.failures()).containsExactly(new Summary.Failure("the target reset the connection", 4));
            assertThat(resets.get()).as("each request was read, then reset").isGreaterThanOrEqualTo(4);
            server.close();
            acceptor.join(5_000);
        }
    }

    /** Reads each request's head, then closes with SO_LINGER 0: the kernel answers with a TCP RST. */
    private static void resetEveryRequest(ServerSocket server, AtomicInteger resets) {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                StringBuilder head = new StringBuilder();
                int b;
                while (!head.toString().endsWith("\r\n\r\n") && (b = in.read()) >= 0) {
                    head.append((char) b);
                }
                socket.setSoLinger(true, 0);
                resets.incrementAndGet();
            } catch (IOException e) {
                // the server closed at the test's end, or the client went away first
            }
        }
    }

    @Test
    void anErrorAnswerIsTheOneReasonItsChecksAreNotEvaluatedAndTheServersWordsAreInTheDetailMasked() throws Exception {
        try (RealCluster cluster = RealCluster.start(dir)) {
            // As an OpenAI-compatible gateway does: the key it was sent, quoted back in its error message.
            HttpServer target = RealCluster.await(cluster.vertx().createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
                String key = req.getHeader("authorization").substring("Bearer ".length());
                req.response().setStatusCode(500).putHeader("content-type", "application/json")
                        .end("{\"error\":{\"message\":\"upstream refused key " + key + ": model overloaded\","
                                + "\"type\":\"server_error\",\"code\":null}}");
            })).listen(0, "127.0.0.1"));

            Run run = cluster.run("reasons/server-error.yaml",
                    Map.of("TARGET", "http://127.0.0.1:" + target.actualPort(), "API_KEY", API_KEY));

            Path folder = dir.resolve(run.id());
            JsonNode summary = ResultsJson.MAPPER.readTree(folder.resolve(ResultFolder.SUMMARY).toFile());
            JsonNode ask = summary.get("steps").get(0);
            assertThat(ask.get("errors").asLong()).isEqualTo(4);
            assertThat(ask.get("failures")).hasSize(1);
            assertThat(ask.get("failures").get(0).get("reason").asText()).isEqualTo("HTTP 500");
            assertThat(ask.get("failures").get(0).get("count").asLong()).isEqualTo(4);
            // No reply to search after a 500: both checks are listed, judged 0 times, not evaluated 4 times.
            List<JsonNode> checks = new java.util.ArrayList<>();
            summary.get("checks").forEach(checks::add);
            assertThat(checks).extracting(c -> c.get("check").asText())
                    .containsExactlyInAnyOrder("assert.response_contains", "assert.max_latency");
            assertThat(checks).allSatisfy(c -> {
                assertThat(c.get("step").asText()).isEqualTo("ask");
                assertThat(c.get("count").asLong()).isZero();
                assertThat(c.get("failures").asLong()).isZero();
                assertThat(c.get("not_evaluated").asLong()).isEqualTo(4);
            });

            List<JsonNode> failed = Files.readAllLines(folder.resolve(ResultFolder.EVENTS)).stream()
                    .map(OneReasonRunTest::json).filter(e -> e.path("status").asText().equals("error")).toList();
            assertThat(failed).as("the sampled failures").isNotEmpty().allSatisfy(e ->
                    assertThat(e.get("error").asText()).isEqualTo("HTTP 500: upstream refused key ***: model overloaded"));
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).as(file.getFileName().toString())
                            .doesNotContain(API_KEY);
                }
            }
        }
    }

    private static JsonNode json(String line) {
        try {
            return ResultsJson.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
