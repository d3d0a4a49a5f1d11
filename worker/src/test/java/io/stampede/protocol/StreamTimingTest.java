package io.stampede.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;

/**
 * TTFT, TTFO and inter-token latency against a stream with known delays
 * ({@code openai-timed.sse}: the role chunk at once, content after 150 ms, then every 40 ms).
 */
@ExtendWith(VertxExtension.class)
@Timeout(20)
class StreamTimingTest {
    @RegisterExtension
    final StreamReplayServer server = new StreamReplayServer();

    @Test
    void firstTokenAndGapsAreMeasuredWithinAFewMilliseconds(Vertx vertx) throws Exception {
        Drivers.Harness h = Drivers.create(vertx, "  base_url: " + server.baseUrl() + "\n  protocol: openai\n  model: m\n"
                + "  request: { path: /replay/openai-timed.sse }");
        // A first exchange warms the connection and the code paths, as the first seconds of a run do.
        h.send(new TestSession(9, "w"), "warm up").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        long sent = System.nanoTime();
        AgentResponse r = h.send(new TestSession(1, "c1"), "hi").toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(r.error()).isNull();
        double ttftMs = (r.firstTokenNanos() - sent) / 1e6;
        double ttfoMs = (r.timing().firstOutputNanos() - sent) / 1e6;
        assertThat(ttftMs).as("TTFT: the role-only chunk at 0 ms is not a token").isBetween(148.0, 175.0);
        assertThat(ttfoMs).isCloseTo(ttftMs, within(0.001));
        assertThat(r.timing().gaps()).isEqualTo(4);
        for (int i = 0; i < r.timing().gaps(); i++) {
            assertThat(r.timing().gapsMicros()[i] / 1000.0).as("gap " + i).isCloseTo(40, within(15.0));
        }
        double e2eAfterFirst = (r.endNanos() - r.firstTokenNanos()) / 1e6;
        assertThat(e2eAfterFirst / (r.usage().outputTokens() - 1)).as("TPOT").isCloseTo(40, within(8.0));
    }
}
