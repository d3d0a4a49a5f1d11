package io.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.stampede.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;

/**
 * The shipped example of every protocol runs as is (against the embedded demo agent) and
 * passes its thresholds; and a streamed run's summary carries TTFT, TTFO, inter-token latency
 * and TPOT per step with the values a server with known delays produces.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProtocolScenariosTest {

    @ParameterizedTest
    @ValueSource(strings = {"openai-stream.yaml", "openai-responses.yaml", "anthropic.yaml", "vercel-ui.yaml",
            "sse-generic.yaml", "websocket.yaml"})
    void theShippedExampleRunsAsIsAndPassesItsThresholds(String file, @TempDir Path out) {
        int exit = Main.execute("run", "../scenarios/" + file, "--users", "3", "--duration", "2s", "--out", out.toString(),
                "--quiet");
        assertThat(exit).isEqualTo(ExitCodes.OK);
    }

    @Test
    void theShippedLoadModelExamplesRunAsIs(@TempDir Path out) {
        assertThat(Main.execute("run", "../scenarios/open-model.yaml", "--duration", "3s", "--out", out.toString(), "--quiet"))
                .isEqualTo(ExitCodes.OK);
        assertThat(Main.execute("run", "../scenarios/stages.yaml", "--out", out.toString(), "--quiet")).isEqualTo(ExitCodes.OK);
    }

    @Test
    void aStreamedRunReportsTtftTtfoInterTokenLatencyAndTpotFromKnownDelays(@TempDir Path out) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> paced(vertx, req.response())))
                    .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            Path scenario = out.resolve("timed.yaml");
            Files.writeString(scenario, """
                    scenario: timed
                    target:
                      base_url: http://127.0.0.1:%d
                      protocol: openai
                      model: m
                    load: { users: 2, iterations: 4 }
                    steps:
                      - send: hi
                        name: ask
                    """.formatted(server.actualPort()));
            assertThat(Main.execute("run", scenario.toString(), "--out", out.toString(), "--quiet")).isEqualTo(ExitCodes.OK);
            Path summary;
            try (var dirs = Files.list(out)) {
                summary = dirs.filter(Files::isDirectory).findFirst().orElseThrow().resolve("summary.json");
            }
            Map<?, ?> step = (Map<?, ?>) ((java.util.List<?>) ((Map<?, ?>) Json.parse(Files.readString(summary))).get("steps")).get(0);
            assertThat(p50(step, "ttft_ms")).as("TTFT: the role chunk at 0 ms is no token").isCloseTo(120, within(15.0));
            assertThat(p50(step, "ttfo_ms")).isCloseTo(p50(step, "ttft_ms"), within(1.0));
            assertThat(p50(step, "itl_ms")).isCloseTo(30, within(6.0));
            assertThat(p50(step, "tpot_ms")).isCloseTo(30, within(6.0));
            assertThat(((Map<?, ?>) step.get("itl_ms")).get("count")).as("5 gaps per turn, 8 turns").isEqualTo(40);
            assertThat(step.get("turn")).isEqualTo(1);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static double p50(Map<?, ?> step, String key) {
        return ((Number) ((Map<?, ?>) step.get(key)).get("p50")).doubleValue();
    }

    /** A role-only chunk at once, then six content chunks: the first after 120 ms, the others 30 ms apart. */
    private static void paced(Vertx vertx, HttpServerResponse response) {
        response.setChunked(true).putHeader("content-type", "text/event-stream");
        response.write(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
        for (int i = 0; i < 6; i++) {
            int n = i;
            vertx.setTimer(120 + 30L * i, id -> {
                response.write(chunk("{\"content\":\"t" + n + " \"}", null));
                if (n == 5) {
                    response.write(chunk("{}", "\"stop\""));
                    response.write("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":6}}\n\n");
                    response.end("data: [DONE]\n\n");
                }
            });
        }
    }

    private static String chunk(String delta, String finish) {
        return "data: {\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finish + "}]}\n\n";
    }
}
