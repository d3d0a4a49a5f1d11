package io.stampede.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.stampede.index.Dialect;
import io.stampede.index.IndexDatabase;
import io.stampede.results.ResultsJson;
import io.stampede.run.CoordinatorOptions;
import io.stampede.testkit.IndexStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The runs list, tags, labels and trends through the HTTP API of a real coordinator (worker and
 * demo agent on loopback), on both stores; and the index a coordinator builds from its run
 * folders at start.
 */
class RunIndexApiTest {
    private static final Map<String, String> YAML = Map.of("content-type", "application/yaml");
    private static final Map<String, String> JSON = Map.of("content-type", "application/json");
    private static final String SCENARIO = "api_one_conversation";

    @TempDir
    Path dir;

    final Vertx vertx = Vertx.vertx();
    ApiCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            await(cluster.close());
        }
        await(vertx.close());
    }

    private ApiCluster start(Path data, IndexDatabase database) throws Exception {
        CoordinatorOptions options = ApiCluster.coordinatorOptions(data).database(database);
        cluster = await(ApiCluster.start(vertx, options));
        return cluster;
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void runsAreListedFilteredByTagLabelAndVerdictAndTrendedFromTheIndex(Dialect dialect) throws Exception {
        Path data = dir.resolve("runs");
        start(data, IndexStores.fresh(dialect, dir));
        String yaml = Resources.text("one-conversation.yaml");
        String envelope = ResultsJson.MAPPER.writeValueAsString(Map.of("scenario_yaml", yaml, "origin", "one.yaml",
                "tags", List.of("nightly"), "labels", Map.of("commit", "a1"), "submitted_by", "ci-job 17"));
        String first = submit("/api/runs", envelope, JSON);
        String second = submit("/api/runs?tag=nightly&tag=pinned&label=commit=b2&label=env=staging", yaml, YAML);
        String third = submit("/api/runs?tag=adhoc", yaml, YAML);

        assertThat(ids("/api/runs?tag=nightly")).containsExactly(second, first);
        assertThat(ids("/api/runs?label=commit=b2")).containsExactly(second);
        assertThat(ids("/api/runs?tag=nightly&label=env=staging")).containsExactly(second);
        assertThat(ids("/api/runs?scenario=" + SCENARIO + "&verdict=passed&status=done")).containsExactly(third, second, first);
        assertThat(ids("/api/runs?verdict=failed")).isEmpty();
        JsonNode page = get("/api/runs?tag=nightly&limit=1", 200);
        assertThat(page.get("total").asLong()).isEqualTo(2);
        assertThat(page.get("runs")).hasSize(1);
        JsonNode row = get("/api/runs?label=commit=a1", 200).get("runs").get(0);
        assertThat(row.get("tags")).extracting(JsonNode::asText).containsExactly("nightly");
        assertThat(row.get("labels").get("commit").asText()).isEqualTo("a1");
        assertThat(row.get("submitted_by").asText()).isEqualTo("ci-job 17 from 127.0.0.1");
        assertThat(row.get("origin").asText()).isEqualTo("one.yaml");
        assertThat(row.get("verdict").asText()).isEqualTo("passed");
        assertThat(row.get("p95_ms").asDouble()).isPositive();
        assertThat(row.get("success_rate").asDouble()).isEqualTo(100.0);
        JsonNode view = get("/api/runs/" + second, 200);
        assertThat(view.get("tags")).extracting(JsonNode::asText).containsExactly("nightly", "pinned");
        assertThat(view.get("labels").get("env").asText()).isEqualTo("staging");

        JsonNode trend = get("/api/trends?scenario=" + SCENARIO + "&tag=nightly", 200);
        assertThat(trend.get("runs")).extracting(r -> r.get("run_id").asText()).containsExactly(first, second);
        JsonNode p95 = series(trend, "p95");
        assertThat(p95.get("values")).hasSize(2).allMatch(v -> v.asDouble() > 0);
        assertThat(p95.get("band").get("low").asDouble()).isEqualTo(p95.get("values").get(0).asDouble());
        assertThat(trend.get("baseline").get("runs")).extracting(JsonNode::asText).containsExactly(first);
        assertThat(series(trend, "check:ask_refund/expect.intent").get("values")).extracting(JsonNode::asDouble)
                .containsExactly(100.0, 100.0);
        JsonNode scenarios = get("/api/trends/scenarios", 200).get("scenarios");
        assertThat(scenarios).extracting(s -> s.get("name").asText() + "=" + s.get("runs").asLong())
                .containsExactly(SCENARIO + "=3");

        // A run with history has its trend in its folder for report.html; the first had none.
        assertThat(data.resolve(first).resolve("trend.json")).doesNotExist();
        JsonNode third3 = ResultsJson.MAPPER.readTree(data.resolve(third).resolve("trend.json").toFile());
        assertThat(third3.get("runs")).extracting(r -> r.get("run_id").asText()).containsExactly(first, second, third);
        ApiCluster.Reply served = await(cluster.get("/api/runs/" + third + "/files/trend.json"));
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.contentType()).startsWith("application/json");
        assertThat(get("/api/runs/" + third, 200).get("files")).extracting(JsonNode::asText).contains("trend.json");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void badFiltersTagsAndLabelsAreRefusedWithASentence(Dialect dialect) throws Exception {
        start(dir.resolve("runs"), IndexStores.fresh(dialect, dir));
        assertThat(get("/api/runs?status=bogus", 400).get("error").asText()).contains("status 'bogus' is not one of");
        assertThat(get("/api/runs?label=commit", 400).get("error").asText()).contains("a label is NAME=VALUE");
        assertThat(get("/api/runs?colour=red", 400).get("error").asText()).contains("unknown filter 'colour'");
        assertThat(get("/api/runs?since=yesterday", 400).get("error").asText()).contains("is not a time");
        assertThat(get("/api/trends", 400).get("error").asText()).contains("a trend is of one scenario");
        assertThat(get("/api/trends?scenario=x&metric=p42", 400).get("error").asText()).contains("unknown metric 'p42'");
        assertThat(get("/api/trends?scenario=x&baseline=best", 400).get("error").asText()).contains("is not a baseline");
        String envelope = ResultsJson.MAPPER.writeValueAsString(Map.of("scenario_yaml", Resources.text("one-conversation.yaml"),
                "tags", List.of("bad tag!"), "labels", Map.of("env", "")));
        ApiCluster.Reply refused = await(cluster.post("/api/runs", envelope, JSON));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors")).extracting(e -> e.get("path").asText()).containsExactly("tags[0]", "labels.env");
        assertThat(get("/api/runs", 200).get("runs")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aCoordinatorBuildsANewIndexFromItsRunFoldersAndMakesGoodARowLeftBehind(Dialect dialect) throws Exception {
        Path data = dir.resolve("runs");
        start(data, IndexStores.fresh(dialect, dir));
        String id = submit("/api/runs?tag=nightly", Resources.text("one-conversation.yaml"), YAML);
        await(cluster.close());
        cluster = null;

        // A new, empty database: the run comes back from its folder.
        IndexDatabase fresh = IndexStores.fresh(dialect, dir);
        start(data, fresh);
        JsonNode rebuilt = get("/api/runs?tag=nightly", 200).get("runs");
        assertThat(rebuilt).extracting(r -> r.get("id").asText()).containsExactly(id);
        assertThat(rebuilt.get(0).get("status").asText()).isEqualTo("done");
        await(cluster.close());
        cluster = null;

        // The folder changed after its row was written (a crash between the two): the next start reads it again.
        Path record = data.resolve(id).resolve("run.json");
        Files.writeString(record, Files.readString(record).replace("\"nightly\"", "\"nightly\", \"pinned\""));
        Files.setLastModifiedTime(record, FileTime.fromMillis(System.currentTimeMillis() + 2_000));
        start(data, fresh);
        assertThat(ids("/api/runs?tag=pinned")).containsExactly(id);
    }

    private String submit(String path, String body, Map<String, String> headers) throws Exception {
        ApiCluster.Reply reply = await(cluster.post(path, body, headers));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        String id = reply.json().get("id").asText();
        JsonNode end = await(cluster.awaitEnd(id));
        assertThat(end.get("status").asText()).isEqualTo("done");
        // the final row is written just after the run ends
        long deadline = System.currentTimeMillis() + 10_000;
        while (!ids("/api/runs?status=done").contains(id) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        return id;
    }

    private List<String> ids(String path) throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        get(path, 200).get("runs").forEach(r -> ids.add(r.get("id").asText()));
        return ids;
    }

    private JsonNode get(String path, int status) throws Exception {
        ApiCluster.Reply reply = await(cluster.get(path));
        assertThat(reply.status()).as(path + ": " + reply.body()).isEqualTo(status);
        return reply.json();
    }

    private static JsonNode series(JsonNode trend, String metric) {
        for (JsonNode s : trend.get("series")) {
            if (s.get("metric").asText().equals(metric)) {
                return s;
            }
        }
        throw new AssertionError("no series " + metric + " in " + trend);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

}
