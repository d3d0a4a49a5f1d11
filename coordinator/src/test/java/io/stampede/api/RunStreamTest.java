package io.stampede.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.stampede.coordinator.Coordinator;
import io.stampede.results.ResultsJson;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;

/** The live feed over SSE (docs/API.md, "Live feed"): order, replay after Last-Event-ID, many subscribers, past runs. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 40, timeUnit = TimeUnit.SECONDS)
class RunStreamTest {
    private static final int SUBSCRIBERS = 20;

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

    private static Future<SseClient.Stream> stream(String id, Map<String, String> headers, int hangUpAfter) {
        return SseClient.read(cluster.client, cluster.port(), "/api/runs/" + id + "/stream", headers, hangUpAfter);
    }

    @Test
    void eventsArriveInOrderWithIdsAndTypesAndTheStreamEndsAfterDone(VertxTestContext test) {
        cluster.submit(Resources.text("three-seconds.yaml"))
                .compose(id -> stream(id, Map.of(), 0))
                .onComplete(test.succeeding(stream -> test.verify(() -> {
                    assertThat(stream.status()).isEqualTo(200);
                    assertThat(stream.contentType()).startsWith("text/event-stream");
                    assertThat(stream.ids()).isEqualTo(LongStream.rangeClosed(1, stream.events().size()).boxed().toList());
                    assertThat(stream.types()).contains("status", "progress", "metrics", "done");
                    assertThat(stream.types().get(stream.types().size() - 1)).isEqualTo("done");
                    JsonNode done = ResultsJson.MAPPER.readTree(stream.events().get(stream.events().size() - 1).data());
                    assertThat(done.get("status").asText()).isEqualTo("done");
                    assertThat(done.get("summary").get("users").get("target").asInt()).isEqualTo(4);
                    test.completeNow();
                })));
    }

    @Test
    void aClientThatReconnectsWithLastEventIdMissesNothing(VertxTestContext test) {
        cluster.submit(Resources.text("three-seconds.yaml"))
                .compose(id -> stream(id, Map.of(), 3).compose(first -> cluster.vertx.timer(1500)
                        .compose(t -> stream(id, Map.of("last-event-id", String.valueOf(first.ids().get(2))), 0))
                        .map(second -> List.of(first, second))))
                .onComplete(test.succeeding(streams -> test.verify(() -> {
                    List<Long> ids = new ArrayList<>(streams.get(0).ids());
                    ids.addAll(streams.get(1).ids());
                    assertThat(streams.get(0).ids()).containsExactly(1L, 2L, 3L);
                    assertThat(ids).isEqualTo(LongStream.rangeClosed(1, ids.size()).boxed().toList());
                    assertThat(streams.get(1).types()).endsWith("done");
                    test.completeNow();
                })));
    }

    @Test
    void twentySubscribersAllGetTheSameEventsUpToDone(VertxTestContext test) {
        cluster.submit(Resources.text("three-seconds.yaml"))
                .compose(id -> {
                    List<Future<SseClient.Stream>> streams = new ArrayList<>();
                    for (int i = 0; i < SUBSCRIBERS; i++) {
                        streams.add(stream(id, Map.of(), 0));
                    }
                    return Future.all(streams).map(all -> all.<SseClient.Stream>list());
                })
                .onComplete(test.succeeding(streams -> test.verify(() -> {
                    assertThat(streams).hasSize(SUBSCRIBERS);
                    List<Long> expected = streams.get(0).ids();
                    assertThat(streams).allSatisfy(s -> {
                        assertThat(s.types()).endsWith("done");
                        assertThat(s.ids()).isEqualTo(expected);
                    });
                    test.completeNow();
                })));
    }

    @Test
    void aClientThatHasSeenDoneIsToldToStopReconnecting(VertxTestContext test) {
        cluster.submit(Resources.text("one-conversation.yaml"))
                .compose(id -> cluster.awaitEnd(id).compose(view -> stream(id, Map.of(), 0)).compose(all -> {
                    long doneId = all.ids().get(all.ids().size() - 1);
                    return SseClient.read(cluster.client, cluster.port(), "/api/runs/" + id + "/stream?last_event_id=" + doneId,
                            Map.of(), 0);
                }))
                .onComplete(test.succeeding(after -> test.verify(() -> {
                    assertThat(after.status()).isEqualTo(204);
                    assertThat(after.events()).isEmpty();
                    test.completeNow();
                })));
    }

    @Test
    void aRunOfAnEarlierLifetimeIsListedAndStreamsOneDoneWithItsSummary(Vertx vertx, VertxTestContext test) {
        // A second coordinator on the same data dir, as after a restart: it knows the first one's runs only from disk.
        Vertx later = Vertx.vertx();
        cluster.submit(Resources.text("one-conversation.yaml"))
                .compose(id -> cluster.awaitEnd(id).map(id))
                .compose(id -> Coordinator.start(later, ApiCluster.coordinatorOptions(dataDir))
                        .compose(coordinator -> HttpApi.start(later, coordinator, new ApiOptions().port(0)))
                        .compose(api -> SseClient.read(cluster.client, api.port(), "/api/runs/" + id + "/stream",
                                        Map.of("last-event-id", "41"), 0)
                                .compose(stream -> cluster.send(HttpMethod.GET, api.port(), "/api/runs/" + id, null,
                                        Map.of()).map(view -> Map.entry(stream, view)))))
                .eventually(() -> later.close())
                .onComplete(test.succeeding(entry -> test.verify(() -> {
                    SseClient.Stream stream = entry.getKey();
                    assertThat(stream.types()).containsExactly("done");
                    assertThat(stream.ids()).containsExactly(42L);
                    JsonNode done = ResultsJson.MAPPER.readTree(stream.events().get(0).data());
                    assertThat(done.get("summary").get("status").asText()).isEqualTo("done");
                    JsonNode view = entry.getValue().json();
                    assertThat(view.get("status").asText()).isEqualTo("done");
                    assertThat(view.get("summary").get("conversations").get("succeeded").asInt()).isEqualTo(2);
                    test.completeNow();
                })));
    }

    @Test
    void anUnknownRunHasNoStream(VertxTestContext test) {
        stream("20200101-000000-abcd", Map.of(), 0).onComplete(test.succeeding(stream -> test.verify(() -> {
            assertThat(stream.status()).isEqualTo(404);
            test.completeNow();
        })));
    }
}
