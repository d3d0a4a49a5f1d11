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
import io.stampede.scenario.DataTable;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;

/** The HTTP API against a real coordinator, worker and demo agent on loopback. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 40, timeUnit = TimeUnit.SECONDS)
class HttpApiTest {
    private static final Map<String, String> YAML = Map.of("content-type", "application/yaml");
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
    void aPostedYamlScenarioRunsToDoneAndShowsItsSummary(VertxTestContext test) {
        cluster.post("/api/runs", Resources.text("one-conversation.yaml"), YAML)
                .compose(created -> {
                    test.verify(() -> {
                        assertThat(created.status()).isEqualTo(201);
                        assertThat(created.contentType()).startsWith("application/json");
                        assertThat(created.headers().get("location")).isEqualTo("/api/runs/" + created.json().get("id").asText());
                    });
                    return cluster.awaitEnd(created.json().get("id").asText());
                })
                .compose(view -> {
                    String id = view.get("id").asText();
                    test.verify(() -> {
                        assertThat(view.get("status").asText()).isEqualTo("done");
                        assertThat(view.get("progress").asDouble()).isEqualTo(100.0);
                        assertThat(view.get("scenario").asText()).isEqualTo("api_one_conversation");
                        JsonNode summary = view.get("summary");
                        assertThat(summary.get("run_id").asText()).isEqualTo(id);
                        assertThat(summary.get("conversations").get("succeeded").asLong()).isEqualTo(2);
                        assertThat(summary.get("thresholds_passed").asBoolean()).isTrue();
                        assertThat(view.get("files")).extracting(JsonNode::asText).contains("summary.json", "stats.csv", "scenario.yaml");
                    });
                    return cluster.get("/api/runs").map(list -> Map.entry(id, list));
                })
                .onComplete(test.succeeding(entry -> test.verify(() -> {
                    JsonNode runs = entry.getValue().json().get("runs");
                    assertThat(runs).extracting(r -> r.get("id").asText()).contains(entry.getKey());
                    test.completeNow();
                })));
    }

    @Test
    void anInvalidScenarioIsRefusedWithLineAndColumnAndStartsNothing(VertxTestContext test) {
        int before = cluster.coordinator.runs().list().size();
        cluster.post("/api/runs", Resources.text("invalid.yaml"), YAML).onComplete(test.succeeding(reply -> test.verify(() -> {
            assertThat(reply.status()).isEqualTo(400);
            JsonNode error = reply.json().get("errors").get(0);
            assertThat(error.get("line").asInt()).isEqualTo(5);
            assertThat(error.get("column").asInt()).isEqualTo(3);
            assertThat(error.get("path").asText()).isEqualTo("load.usres");
            assertThat(error.get("message").asText()).contains("did you mean 'users'");
            assertThat(cluster.coordinator.runs().list()).hasSize(before);
            test.completeNow();
        })));
    }

    @Test
    void aRunThatDoesNotFitTheWorkersIsRefusedWithTheNumbersAndStartsNothing(VertxTestContext test) {
        int before = cluster.coordinator.runs().list().size();
        cluster.post("/api/runs?users=1500", Resources.text("one-conversation.yaml"), YAML)
                .onComplete(test.succeeding(reply -> test.verify(() -> {
                    assertThat(reply.status()).isEqualTo(409);
                    assertThat(reply.json().get("error").asText())
                            .isEqualTo("the run needs 1,500 users; 1 worker holds 1,000: add a worker or lower users");
                    assertThat(cluster.coordinator.runs().list()).hasSize(before);
                    test.completeNow();
                })));
    }

    @Test
    void aRunWhoseOneReplyIsLargerThanAWorkersReplyBudgetIsRefusedWithTheNumbersAndStartsNothing(VertxTestContext test) {
        int before = cluster.coordinator.runs().list().size();
        String scenario = Resources.text("one-conversation.yaml").replace("  timeout: 5s\n", "  timeout: 5s\n  max_reply_bytes: 100MiB\n");
        cluster.post("/api/runs", scenario, YAML)
                .compose(refused -> cluster.get("/api/workers").map(workers -> List.of(refused, workers)))
                .onComplete(test.succeeding(replies -> test.verify(() -> {
                    assertThat(replies.get(0).status()).isEqualTo(409);
                    assertThat(replies.get(0).json().get("error").asText()).isEqualTo("the run keeps up to 100 MiB of a reply"
                            + " per user (target.max_reply_bytes: 104857600 bytes), more than worker w1 keeps for all its users"
                            + " at once (its reply budget: 67108864 bytes, 64 MiB): lower target.max_reply_bytes, or give the"
                            + " workers more heap (-Xmx) or a larger --reply-budget");
                    assertThat(cluster.coordinator.runs().list()).hasSize(before);
                    assertThat(replies.get(1).json().get("workers").get(0).get("reply_budget_bytes").asLong())
                            .as("what the worker advertises").isEqualTo(64L << 20);
                    test.completeNow();
                })));
    }

    @Test
    void aScenarioPostedTheWayCurlDataBinaryDoesIsReadAsIs(VertxTestContext test) {
        // curl --data-binary @scenario.yaml sends application/x-www-form-urlencoded unless told otherwise.
        cluster.post("/api/scenarios/validate", Resources.text("one-conversation.yaml"),
                Map.of("content-type", "application/x-www-form-urlencoded")).onComplete(test.succeeding(reply -> test.verify(() -> {
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().get("errors")).isEmpty();
            test.completeNow();
        })));
    }

    @Test
    void aScenarioPostedAsJsonRuns(VertxTestContext test) {
        cluster.post("/api/runs", Resources.text("one-conversation.json"), JSON)
                .compose(created -> {
                    test.verify(() -> assertThat(created.status()).as(created.body()).isEqualTo(201));
                    return cluster.awaitEnd(created.json().get("id").asText());
                })
                .onComplete(test.succeeding(view -> test.verify(() -> {
                    assertThat(view.get("status").asText()).isEqualTo("done");
                    assertThat(view.get("summary").get("scenario").asText()).isEqualTo("api_json");
                    test.completeNow();
                })));
    }

    @Test
    void theEnvelopeCarriesCsvRowsEnvironmentAndOverrides(VertxTestContext test) throws Exception {
        DataTable rows = new DataTable("users.csv", List.of("order_id"), List.of(Map.of("order_id", "A1"), Map.of("order_id", "B2")));
        RunRequest request = new RunRequest(Resources.text("with-data.yaml"), "with-data.yaml", 3, null, rows,
                Map.of("AGENT_URL", "http://127.0.0.1:" + cluster.agent.port()));
        cluster.post("/api/runs", ResultsJson.MAPPER.writeValueAsString(request), JSON)
                .compose(created -> {
                    test.verify(() -> assertThat(created.status()).as(created.body()).isEqualTo(201));
                    return cluster.awaitEnd(created.json().get("id").asText());
                })
                .onComplete(test.succeeding(view -> test.verify(() -> {
                    JsonNode summary = view.get("summary");
                    assertThat(view.get("status").asText()).isEqualTo("done");
                    assertThat(summary.get("users").get("target").asInt()).isEqualTo(3);
                    assertThat(summary.get("steps").get(0).get("count").asLong()).isEqualTo(3);
                    assertThat(summary.get("steps").get(0).get("errors").asLong()).isZero();
                    test.completeNow();
                })));
    }

    @Test
    void aScenarioNamingADataFileWithoutItsRowsIsRefused(VertxTestContext test) {
        cluster.post("/api/runs", Resources.text("with-data.yaml"), YAML).onComplete(test.succeeding(reply -> test.verify(() -> {
            assertThat(reply.status()).isEqualTo(400);
            JsonNode error = reply.json().get("errors").get(0);
            assertThat(error.get("path").asText()).isEqualTo("data");
            assertThat(error.get("line").asInt()).isEqualTo(10);
            assertThat(error.get("message").asText()).contains("cannot name a data file");
            test.completeNow();
        })));
    }

    @Test
    void envelopeMistakesAreReportedByField(VertxTestContext test) {
        String body = "{\"scenario_yaml\": \"scenario: x\", \"users\": 0, \"duration\": \"soon\", \"userz\": 3}";
        cluster.post("/api/runs?users=abc", body, JSON).onComplete(test.succeeding(reply -> test.verify(() -> {
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.json().get("errors")).extracting(e -> e.get("path").asText())
                    .containsExactlyInAnyOrder("userz", "users", "duration", "users");
            test.completeNow();
        })));
    }

    @Test
    void validateAnswersValidOrEveryErrorWithoutStartingARun(VertxTestContext test) {
        int before = cluster.coordinator.runs().list().size();
        cluster.post("/api/scenarios/validate", Resources.text("one-conversation.yaml"), YAML)
                .compose(valid -> {
                    test.verify(() -> {
                        assertThat(valid.status()).isEqualTo(200);
                        assertThat(valid.json().get("valid").asBoolean()).isTrue();
                        assertThat(valid.json().get("errors")).isEmpty();
                    });
                    return cluster.post("/api/scenarios/validate", Resources.text("invalid.yaml"), YAML);
                })
                .onComplete(test.succeeding(invalid -> test.verify(() -> {
                    assertThat(invalid.status()).isEqualTo(200);
                    assertThat(invalid.json().get("valid").asBoolean()).isFalse();
                    assertThat(invalid.json().get("errors").get(0).get("line").asInt()).isEqualTo(5);
                    assertThat(cluster.coordinator.runs().list()).hasSize(before);
                    test.completeNow();
                })));
    }

    @Test
    void theFilesEndpointServesResultFilesAndNothingElse(VertxTestContext test) {
        cluster.submit(Resources.text("one-conversation.yaml"))
                .compose(cluster::awaitEnd)
                .compose(view -> {
                    String base = "/api/runs/" + view.get("id").asText() + "/files/";
                    return cluster.get(base + "summary.json")
                            .compose(summary -> cluster.get(base + "stats.csv")
                                    .compose(stats -> cluster.get(base + "..%2F..%2Fpom.xml")
                                            .compose(traversal -> cluster.get("/api/runs/..%2F..%2F/files/summary.json")
                                                    .compose(badId -> cluster.get(base + "run.json")
                                                            .map(runJson -> List.of(summary, stats, traversal, badId, runJson))))));
                })
                .onComplete(test.succeeding(replies -> test.verify(() -> {
                    assertThat(replies.get(0).status()).isEqualTo(200);
                    assertThat(replies.get(0).contentType()).startsWith("application/json");
                    assertThat(replies.get(0).json().get("status").asText()).isEqualTo("done");
                    assertThat(replies.get(1).status()).isEqualTo(200);
                    assertThat(replies.get(1).contentType()).startsWith("text/csv");
                    assertThat(replies.get(2).status()).isEqualTo(404);
                    assertThat(replies.get(2).body()).doesNotContain("<project");
                    assertThat(replies.get(3).status()).isEqualTo(404);
                    assertThat(replies.get(4).status()).isEqualTo(404);
                    assertThat(replies.get(4).json().get("error").asText()).contains("summary.json");
                    test.completeNow();
                })));
    }

    @Test
    void stopEndsARunningRunAndASecondStopConflicts(VertxTestContext test) {
        cluster.post("/api/runs?duration=30s", Resources.text("three-seconds.yaml"), YAML)
                .compose(created -> {
                    String id = created.json().get("id").asText();
                    return cluster.vertx.timer(1500).compose(t -> cluster.post("/api/runs/" + id + "/stop", "", Map.of()))
                            .compose(stopped -> {
                                test.verify(() -> {
                                    assertThat(stopped.status()).as(stopped.body()).isEqualTo(202);
                                    assertThat(stopped.json().get("status").asText()).isEqualTo("stopping");
                                });
                                return cluster.awaitEnd(id);
                            })
                            .compose(view -> cluster.post("/api/runs/" + id + "/stop", "", Map.of()).map(again -> Map.entry(view, again)));
                })
                .onComplete(test.succeeding(entry -> test.verify(() -> {
                    JsonNode view = entry.getKey();
                    assertThat(view.get("status").asText()).isEqualTo("aborted");
                    assertThat(view.get("reason").asText()).contains("stopped through the API");
                    assertThat(view.get("summary").get("duration_s").asDouble()).isLessThan(15);
                    assertThat(entry.getValue().status()).isEqualTo(409);
                    test.completeNow();
                })));
    }

    @Test
    void workersAndHealthProbesAnswer(VertxTestContext test) {
        cluster.get("/api/workers")
                .compose(workers -> cluster.get("/health/live").compose(live -> cluster.get("/health/ready")
                        .map(ready -> List.of(workers, live, ready))))
                .onComplete(test.succeeding(replies -> test.verify(() -> {
                    JsonNode worker = replies.get(0).json().get("workers").get(0);
                    assertThat(worker.get("worker_id").asText()).isEqualTo("w1");
                    assertThat(worker.get("state").asText()).isEqualTo("up");
                    assertThat(worker.get("capacity").asInt()).isEqualTo(1000);
                    assertThat(worker.has("event_loop_lag_ms")).isTrue();
                    assertThat(worker.get("heartbeat_age_ms").asLong()).isLessThan(3000);
                    assertThat(replies.get(1).status()).isEqualTo(200);
                    assertThat(replies.get(2).status()).isEqualTo(200);
                    assertThat(replies.get(2).json().get("workers").asInt()).isEqualTo(1);
                    test.completeNow();
                })));
    }

    @Test
    void unknownRunsAndPathsAnswerJson404(VertxTestContext test) {
        cluster.get("/api/runs/20200101-000000-abcd")
                .compose(run -> cluster.get("/api/nothing-here").map(path -> List.of(run, path)))
                .compose(list -> cluster.post("/api/runs/20200101-000000-abcd/stop", "", Map.of())
                        .map(stop -> List.of(list.get(0), list.get(1), stop)))
                .onComplete(test.succeeding(replies -> test.verify(() -> {
                    for (ApiCluster.Reply reply : replies) {
                        assertThat(reply.status()).as(reply.body()).isEqualTo(404);
                        assertThat(reply.json().get("error").asText()).isNotBlank();
                    }
                    test.completeNow();
                })));
    }
}
