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

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;

/** docs/API.md, "Security": a token for changes, none for reads; no token beyond loopback; no driving from web pages. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ApiSecurityTest {
    private static final String TOKEN = "s3cret-token-for-tests";
    private static final Map<String, String> YAML = Map.of("content-type", "application/yaml");

    @TempDir
    static Path dataDir;
    static ApiCluster cluster;
    static HttpApi guarded;

    @BeforeAll
    static void start(Vertx vertx, VertxTestContext test) {
        ApiCluster.start(vertx, dataDir)
                .compose(c -> {
                    cluster = c;
                    return HttpApi.start(vertx, c.coordinator, ApiCluster.apiOptions(c.agent).token(TOKEN));
                })
                .onComplete(test.succeeding(api -> {
                    guarded = api;
                    test.completeNow();
                }));
    }

    @AfterAll
    static void stop(VertxTestContext test) {
        guarded.close().compose(v -> cluster.close()).onComplete(test.succeedingThenComplete());
    }

    private static Future<ApiCluster.Reply> toGuarded(HttpMethod method, String path, String body, Map<String, String> headers) {
        return cluster.send(method, guarded.port(), path, body, headers);
    }

    @Test
    void aChangeWithoutTheRightTokenIsRefusedAndCreatesNoRun(VertxTestContext test) {
        int before = cluster.coordinator.runs().list().size();
        String yaml = Resources.text("one-conversation.yaml");
        toGuarded(HttpMethod.POST, "/api/runs", yaml, YAML)
                .compose(none -> toGuarded(HttpMethod.POST, "/api/runs", yaml,
                        Map.of("content-type", "application/yaml", "authorization", "Bearer wrong-token"))
                        .map(wrong -> List.of(none, wrong)))
                .compose(refused -> toGuarded(HttpMethod.POST, "/api/runs/20200101-000000-abcd/stop", "",
                        Map.of("authorization", "Basic " + TOKEN)).map(stop -> List.of(refused.get(0), refused.get(1), stop)))
                .onComplete(test.succeeding(replies -> test.verify(() -> {
                    for (ApiCluster.Reply reply : replies) {
                        assertThat(reply.status()).isEqualTo(401);
                        assertThat(reply.json().get("error").asText()).contains("Authorization: Bearer");
                        assertThat(reply.headers().get("www-authenticate")).startsWith("Bearer");
                    }
                    assertThat(cluster.coordinator.runs().list()).hasSize(before);
                    test.completeNow();
                })));
    }

    @Test
    void theRightTokenCreatesARunAndReadsNeedNone(VertxTestContext test) {
        toGuarded(HttpMethod.POST, "/api/runs", Resources.text("one-conversation.yaml"),
                Map.of("content-type", "application/yaml", "authorization", "bearer " + TOKEN))
                .compose(created -> {
                    test.verify(() -> assertThat(created.status()).as(created.body()).isEqualTo(201));
                    String id = created.json().get("id").asText();
                    return toGuarded(HttpMethod.GET, "/api/runs/" + id, null, Map.of())
                            .compose(one -> toGuarded(HttpMethod.GET, "/api/runs", null, Map.of())
                                    .compose(all -> toGuarded(HttpMethod.GET, "/api/workers", null, Map.of())
                                            .map(workers -> List.of(one, all, workers))))
                            .compose(reads -> cluster.awaitEnd(id).map(reads));
                })
                .onComplete(test.succeeding(reads -> test.verify(() -> {
                    assertThat(reads).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
                    assertThat(reads.get(0).body()).doesNotContain(TOKEN);
                    test.completeNow();
                })));
    }

    @Test
    void listeningBeyondLoopbackWithoutATokenIsRefused(Vertx vertx, VertxTestContext test) {
        HttpApi.start(vertx, cluster.coordinator, new ApiOptions().host("0.0.0.0").port(0))
                .onComplete(test.failing(e -> test.verify(() -> {
                    assertThat(e).isInstanceOf(IllegalArgumentException.class);
                    assertThat(e.getMessage()).contains("0.0.0.0", "without a token", "--insecure");
                    test.completeNow();
                })));
    }

    @Test
    void beyondLoopbackStartsWithATokenOrWhenInsecureIsChosen(Vertx vertx, VertxTestContext test) {
        HttpApi.start(vertx, cluster.coordinator, new ApiOptions().host("0.0.0.0").port(0).token(TOKEN))
                .compose(HttpApi::close)
                .compose(v -> HttpApi.start(vertx, cluster.coordinator, new ApiOptions().host("0.0.0.0").port(0).insecure(true)))
                .compose(HttpApi::close)
                .onComplete(test.succeedingThenComplete());
    }

    @Test
    void withoutATokenAWebPageCannotDriveTheCoordinator(VertxTestContext test) {
        String yaml = Resources.text("one-conversation.yaml");
        int before = cluster.coordinator.runs().list().size();
        cluster.post("/api/runs", yaml, Map.of("content-type", "text/plain", "origin", "http://evil.example"))
                .compose(csrf -> cluster.rawGetStatus("/api/runs", "evil.example:" + cluster.port())
                        .map(rebound -> List.of(csrf.status(), rebound)))
                .compose(replies -> cluster.send(HttpMethod.POST, cluster.port(), "/api/scenarios/validate", yaml,
                        Map.of("origin", "http://127.0.0.1:" + cluster.port())).map(same -> List.of(replies.get(0), replies.get(1), same.status())))
                .onComplete(test.succeeding(replies -> test.verify(() -> {
                    assertThat(replies.get(0)).isEqualTo(403);
                    assertThat(replies.get(1)).as("DNS rebinding: a foreign Host").isEqualTo(403);
                    assertThat(replies.get(2)).as("the dashboard's own origin").isEqualTo(200);
                    assertThat(cluster.coordinator.runs().list()).hasSize(before);
                    test.completeNow();
                })));
    }

    @Test
    void aBodyOverTheLimitGets413(Vertx vertx, VertxTestContext test) {
        HttpApi.start(vertx, cluster.coordinator, ApiCluster.apiOptions(cluster.agent).bodyLimit(1024))
                .compose(small -> cluster.send(HttpMethod.POST, small.port(), "/api/runs", "# padding\n".repeat(500), YAML)
                        .compose(reply -> small.close().map(reply)))
                .onComplete(test.succeeding(reply -> test.verify(() -> {
                    assertThat(reply.status()).isEqualTo(413);
                    assertThat(reply.json().get("error").asText()).contains("1 KiB");
                    test.completeNow();
                })));
    }
}
