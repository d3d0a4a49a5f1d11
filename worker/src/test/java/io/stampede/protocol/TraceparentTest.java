package io.stampede.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;

/** Every protocol's request carries the session's W3C traceparent, a new one per turn. */
@ExtendWith(VertxExtension.class)
@Timeout(20)
class TraceparentTest {
    private static final String TRACEPARENT = "00-[0-9a-f]{32}-[0-9a-f]{16}-01";
    @RegisterExtension
    final StreamReplayServer server = new StreamReplayServer();

    private Drivers.Harness http(Vertx vertx, String protocol, String file) {
        return Drivers.create(vertx, "  base_url: " + server.baseUrl() + "\n  protocol: " + protocol + "\n  model: m\n"
                + "  request: { path: /replay/" + file + " }");
    }

    @Test
    void streamingRequestsCarryTheTraceparentOfTheirTurn(Vertx vertx, VertxTestContext ctx) {
        TestSession session = new TestSession(7, "c7");
        List<Drivers.Harness> drivers = List.of(
                http(vertx, "openai", "openai-basic.sse"),
                http(vertx, "anthropic", "anthropic-tool-use.sse"),
                http(vertx, "openai-responses", "responses-function-call.sse"),
                http(vertx, "vercel-ui", "vercel-ui-tools.sse"),
                http(vertx, "sse", "generic-events.sse"),
                Drivers.create(vertx, "  base_url: ws://127.0.0.1:" + server.port() + "\n  protocol: websocket\n"
                        + "  websocket: { path: /ws/ws-turn.txt }"));
        Future<Void> all = Future.succeededFuture();
        for (Drivers.Harness h : drivers) {
            all = all.compose(v -> h.send(session, "hi").mapEmpty());
        }
        all.onComplete(ctx.succeeding(v -> ctx.verify(() -> {
            List<String> sent = server.seen().stream().map(s -> s.headers().get("traceparent")).filter(t -> t != null).toList();
            assertThat(sent).hasSize(6).allSatisfy(t -> assertThat(t).matches(TRACEPARENT)).doesNotHaveDuplicates();
            assertThat(sent.get(0)).startsWith("00-0000000000000007");
            ctx.completeNow();
        })));
    }
}
