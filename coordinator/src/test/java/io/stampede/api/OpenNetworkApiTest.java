package io.stampede.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.stampede.coordinator.Coordinator;
import io.stampede.dashboard.StandardRoutes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;

/**
 * docs/API.md, "Security", for an API on an open network: HTTPS, reads that need a token, a read
 * token that cannot change anything, and the limits of a shared coordinator (users per run, runs
 * at once, submits per minute), each refused with a status and a sentence.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class OpenNetworkApiTest {
    private static final String TOKEN = "run-token-for-tests";
    private static final String READ_TOKEN = "read-token-for-dashboards";

    @TempDir
    static Path dir;
    static ApiCluster cluster;
    static HttpApi open;
    static HttpClient https;

    @BeforeAll
    static void start(Vertx vertx, VertxTestContext test) throws Exception {
        Path store = dir.resolve("api.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "api", "-keyalg", "EC", "-dname", "CN=127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "p12pass", "-keypass", "p12pass")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // The test trusts its own certificate; a real client trusts the CA that signed it.
        https = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false).setKeepAlive(false));
        ApiCluster.start(vertx, dir.resolve("results"))
                .compose(c -> {
                    cluster = c;
                    return Coordinator.start(vertx, ApiCluster.coordinatorOptions(dir.resolve("limited")).maxUsers(5).maxRuns(1));
                })
                .compose(limited -> HttpApi.start(vertx, limited, StandardRoutes.addTo(ApiCluster.apiOptions(cluster.agent).token(TOKEN)
                        .readToken(READ_TOKEN).protectReads(true).submitsPerMinute(3)
                        .tls(new PfxOptions().setPath(store.toString()).setPassword("p12pass")))))
                .onComplete(test.succeeding(api -> {
                    open = api;
                    test.completeNow();
                }));
    }

    @AfterAll
    static void stop(VertxTestContext test) {
        open.close().compose(v -> cluster.close()).onComplete(test.succeedingThenComplete());
    }

    private static Future<ApiCluster.Reply> call(HttpMethod method, String path, String token, String body) {
        RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(open.port()).setURI(path);
        if (token != null) {
            options.putHeader("authorization", "Bearer " + token);
        }
        return https.request(options)
                .compose(req -> body == null ? req.send() : req.send(Buffer.buffer(body.getBytes(StandardCharsets.UTF_8))))
                .compose(resp -> resp.body().map(b -> new ApiCluster.Reply(resp.statusCode(), resp.getHeader("content-type"),
                        b.toString(), resp.headers())));
    }

    @Test
    void readingRunsResultsAndMetricsNeedsTheReadTokenOrTheTokenAndTheReadTokenChangesNothing(VertxTestContext test) {
        List<Future<ApiCluster.Reply>> replies = new ArrayList<>();
        for (String path : List.of("/api/runs", "/api/workers", "/metrics", "/api/compare?base=a&candidate=b")) {
            replies.add(call(HttpMethod.GET, path, null, null));
        }
        replies.add(call(HttpMethod.GET, "/api/runs", READ_TOKEN, null));
        replies.add(call(HttpMethod.GET, "/metrics", READ_TOKEN, null));
        replies.add(call(HttpMethod.GET, "/api/runs?access_token=" + READ_TOKEN, null, null));
        replies.add(call(HttpMethod.GET, "/api/runs", TOKEN, null));
        replies.add(call(HttpMethod.POST, "/api/runs", READ_TOKEN, Resources.text("one-conversation.yaml")));
        replies.add(call(HttpMethod.GET, "/health/live", null, null));
        Future.all(replies).onComplete(test.succeeding(all -> test.verify(() -> {
            List<Integer> statuses = replies.stream().map(r -> r.result().status()).toList();
            assertThat(statuses).containsExactly(401, 401, 401, 401, 200, 200, 200, 200, 401, 200);
            assertThat(replies.get(0).result().json().get("error").asText()).contains("needs a token");
            test.completeNow();
        })));
    }

    @Test
    void theApiSpeaksOnlyHttpsWhenGivenACertificate(VertxTestContext test) {
        cluster.send(HttpMethod.GET, open.port(), "/health/live", null, Map.of())
                .onComplete(test.failing(plain -> call(HttpMethod.GET, "/health/live", null, null)
                        .onComplete(test.succeeding(reply -> test.verify(() -> {
                            assertThat(reply.status()).isEqualTo(200);
                            test.completeNow();
                        })))));
    }

    @Test
    void aSharedCoordinatorRefusesTooManyUsersTooManyRunsAndTooManySubmitsSayingWhich(VertxTestContext test) {
        String yaml = Resources.text("one-conversation.yaml");
        call(HttpMethod.POST, "/api/runs?users=50", TOKEN, yaml)
                .compose(tooMany -> call(HttpMethod.POST, "/api/runs", TOKEN, yaml).map(first -> List.of(tooMany, first)))
                .compose(two -> call(HttpMethod.POST, "/api/runs", TOKEN, yaml).map(second -> List.of(two.get(0), two.get(1), second)))
                .compose(three -> call(HttpMethod.POST, "/api/runs", TOKEN, yaml)
                        .map(fourth -> List.of(three.get(0), three.get(1), three.get(2), fourth)))
                .onComplete(test.succeeding(replies -> test.verify(() -> {
                    assertThat(replies.get(0).status()).isEqualTo(400);
                    assertThat(replies.get(0).body()).contains("50 users is more than the 5 users per run").contains("--max-users");
                    assertThat(replies.get(1).status()).isEqualTo(201);
                    assertThat(replies.get(2).status()).isEqualTo(429);
                    assertThat(replies.get(2).body()).contains("at most 1 at once (--max-runs)");
                    assertThat(replies.get(3).status()).isEqualTo(429);
                    assertThat(replies.get(3).body()).contains("at most 3 runs a minute");
                    assertThat(replies.get(3).headers().get("retry-after")).isNotBlank();
                    test.completeNow();
                })));
    }
}
