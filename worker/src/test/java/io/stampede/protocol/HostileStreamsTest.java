package io.stampede.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.stampede.protocol.sse.StreamExchange;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;

/**
 * Streams that would hurt a load generator that trusts them: one event of megabytes, a stream
 * that never ends. Each fails its turn with a reason, and the same driver (client, pool,
 * event loop) serves the next turn normally.
 */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class HostileStreamsTest {
    @RegisterExtension
    final StreamReplayServer server = new StreamReplayServer();

    /** Whether the lane has the lean client (streams on the user's connection) or only the Vert.x pool. */
    boolean lean() {
        return true;
    }

    Drivers.Harness create(Vertx vertx, String targetYaml) {
        return Drivers.create(vertx, targetYaml, lean());
    }

    private Drivers.Harness driver(Vertx vertx, String path) {
        return create(vertx, "  base_url: " + server.baseUrl() + "\n  protocol: openai\n  model: m\n"
                + "  request: { path: \"" + path + "\" }");
    }

    private static AgentResponse await(io.vertx.core.Future<AgentResponse> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void aHugeEventFailsTheTurnAtTheEventLimitAndTheNextTurnWorks(Vertx vertx) throws Exception {
        Drivers.Harness huge = driver(vertx, "/huge-event?bytes=" + (8 << 20));
        AgentResponse r = await(huge.send(new TestSession(1, "c1"), "hi"));
        assertThat(r.error()).isEqualTo("an event is larger than " + StreamExchange.MAX_EVENT_BYTES
                + " bytes (the limit per event); the stream was abandoned");
        assertHealthy(vertx);
    }

    @Test
    void anEndlessStreamIsCancelledByTheEngineWhenItsTimeoutPasses(Vertx vertx, VertxTestContext ctx) {
        TestSession session = new TestSession(1, "c1");
        driver(vertx, "/endless?slow=1").send(session, "hi").onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.error()).startsWith("the stream broke after");
            ctx.completeNow();
        })));
        vertx.setTimer(300, id -> session.cancelInFlight());
    }

    private void assertHealthy(Vertx vertx) throws Exception {
        long used = usedHeap();
        AgentResponse next = await(driver(vertx, "/replay/openai-basic.sse").send(new TestSession(2, "c2"), "hi"));
        assertThat(next.error()).isNull();
        assertThat(next.reply()).isEqualTo("Hello, 世界!");
        assertThat(used).as("nothing of the hostile stream is kept").isLessThan(256L << 20);
    }

    private static long usedHeap() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
