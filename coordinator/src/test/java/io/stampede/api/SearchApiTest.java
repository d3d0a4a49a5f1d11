package io.stampede.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.stampede.results.ResultsJson;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;

/** A capacity search through {@code POST /api/runs} with a {@code search} object, followed over {@code /api/searches}. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class SearchApiTest {
    private static final Map<String, String> JSON = Map.of("content-type", "application/json");

    @TempDir
    static Path dataDir;
    static ApiCluster cluster;

    @BeforeAll
    static void start(Vertx vertx, VertxTestContext test) {
        ApiCluster.start(vertx, dataDir).onComplete(test.succeeding(c -> {
            cluster = c;
            test.completeNow();
        }));
    }

    @AfterAll
    static void stop(VertxTestContext test) {
        cluster.close().onComplete(test.succeedingThenComplete());
    }

    @Test
    void aSearchIsPostedLikeARunAndEndsWithItsAnswerAndReport(VertxTestContext test) throws Exception {
        String body = ResultsJson.MAPPER.writeValueAsString(Map.of("scenario_yaml", Resources.text("one-conversation.yaml"),
                "search", Map.of("goal", "goodput >= 50%", "start", 1, "max", 2, "warmup", "1s", "level_duration", "1s")));
        cluster.post("/api/runs", body, JSON).compose(created -> {
            test.verify(() -> {
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                assertThat(created.json().get("kind").asText()).isEqualTo("search");
                assertThat(created.headers().get("location")).startsWith("/api/searches/search-");
                assertThat(created.json().get("stream").asText()).endsWith("/stream");
            });
            return awaitEnd(created.json().get("id").asText());
        }).compose(search -> {
            test.verify(() -> {
                assertThat(search.get("status").asText()).isEqualTo("done");
                assertThat(search.get("levels")).isNotEmpty().allSatisfy(l -> assertThat(l.get("target").asDouble()).isLessThanOrEqualTo(2));
                assertThat(search.get("answer").asText()).isNotBlank();
            });
            return cluster.get("/api/searches/" + search.get("id").asText() + "/report.html");
        }).onComplete(test.succeeding(report -> test.verify(() -> {
            assertThat(report.status()).isEqualTo(200);
            assertThat(report.headers().get("content-security-policy")).contains("sandbox");
            assertThat(report.body()).contains("Capacity search");
            test.completeNow();
        })));
    }

    @Test
    void theSearchsFeedSaysEachLevelAsItStartsThenTheEndWithTheAnswer(VertxTestContext test) throws Exception {
        String body = ResultsJson.MAPPER.writeValueAsString(Map.of("scenario_yaml", Resources.text("one-conversation.yaml"),
                "search", Map.of("goal", "goodput >= 50%", "start", 1, "max", 2, "warmup", "1s", "level_duration", "1s")));
        cluster.post("/api/runs", body, JSON).compose(created -> {
            String id = created.json().get("id").asText();
            return SseClient.read(cluster.client, cluster.port(), "/api/searches/" + id + "/stream", Map.of(), 0)
                    .map(stream -> Map.entry(id, stream));
        }).onComplete(test.succeeding(read -> test.verify(() -> {
            String id = read.getKey();
            SseClient.Stream stream = read.getValue();
            assertThat(stream.types()).first().isEqualTo("search");
            assertThat(stream.types()).last().isEqualTo("done");
            List<JsonNode> levels = data(stream, "level");
            assertThat(levels).isNotEmpty();
            for (int i = 0; i < levels.size(); i++) {
                JsonNode level = levels.get(i);
                assertThat(level.get("search_id").asText()).isEqualTo(id);
                assertThat(level.get("index").asInt()).as("levels before it").isEqualTo(i);
                assertThat(level.get("unit").asText()).isEqualTo("users");
                assertThat(level.get("target").asDouble()).isBetween(1.0, 2.0);
                assertThat(level.get("run_id").asText()).isNotBlank();
            }
            JsonNode done = data(stream, "done").get(0);
            assertThat(done.get("search_id").asText()).isEqualTo(id);
            assertThat(done.get("status").asText()).isEqualTo("done");
            assertThat(done.get("search").get("answer").asText()).isNotBlank();
            assertThat(done.get("search").get("levels")).extracting(l -> l.get("run_id").asText())
                    .containsExactlyElementsOf(levels.stream().map(l -> l.get("run_id").asText()).toList());
            test.completeNow();
        })));
    }

    private static List<JsonNode> data(SseClient.Stream stream, String type) {
        return stream.events().stream().filter(e -> e.type().equals(type)).map(e -> {
            try {
                return ResultsJson.MAPPER.readTree(e.data());
            } catch (java.io.IOException x) {
                throw new java.io.UncheckedIOException(x);
            }
        }).toList();
    }

    @Test
    void aBadGoalIsA400AtTheSearchsPath(VertxTestContext test) throws Exception {
        String body = ResultsJson.MAPPER.writeValueAsString(Map.of("scenario_yaml", Resources.text("one-conversation.yaml"),
                "search", Map.of("goal", "p95 < 2s", "speed", 3)));
        cluster.post("/api/runs", body, JSON).onComplete(test.succeeding(reply -> test.verify(() -> {
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.json().get("errors")).extracting(e -> e.get("path").asText()).contains("search.speed", "search.goal");
            test.completeNow();
        })));
    }

    @Test
    void anUnknownSearchIsA404(VertxTestContext test) {
        cluster.get("/api/searches/search-20990101-000000-aaaa").onComplete(test.succeeding(reply -> test.verify(() -> {
            assertThat(reply.status()).isEqualTo(404);
            test.completeNow();
        })));
    }

    private static Future<JsonNode> awaitEnd(String id) {
        Promise<JsonNode> done = Promise.promise();
        poll(id, done, System.currentTimeMillis() + 50_000);
        return done.future();
    }

    private static void poll(String id, Promise<JsonNode> done, long deadline) {
        cluster.get("/api/searches/" + id).onFailure(done::fail).onSuccess(reply -> {
            if (reply.status() == 200 && !"running".equals(reply.json().get("status").asText())) {
                // the report is written right after search.json: give it a moment
                Vertx.currentContext().owner().setTimer(300, t -> done.complete(reply.json()));
            } else if (System.currentTimeMillis() > deadline) {
                done.fail("search " + id + " did not end in time: " + reply.body());
            } else {
                Vertx.currentContext().owner().setTimer(200, t -> poll(id, done, deadline));
            }
        });
    }
}
