package io.stampede.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.stampede.protocol.TestSession;
import io.stampede.protocol.http.HttpTransport.Raw;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;

/**
 * {@code target.source_addresses} on the lean client, against a real server on loopback (every
 * 127.x.y.z is an address of a Linux machine): users' connections leave from each address in
 * turn, the ones opened ahead of the start too, an address that is not the machine's is named
 * before any load, and a connect that finds no local port reads as that in words.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SourceAddressesTest {
    private static final List<String> SOURCES = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4");

    @Test
    void usersConnectFromEachSourceAddressInTurn(Vertx vertx, VertxTestContext ctx) {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        server(vertx, seen).compose(url -> {
            Context context = vertx.getOrCreateContext();
            Http1Client client = new Http1Client(context, Endpoint.parse(url), Map.of(), 5_000, SOURCES);
            List<Future<Raw>> answers = new ArrayList<>();
            for (int u = 1; u <= 6; u++) {
                answers.add(get(context, client, new TestSession(u, "c" + u)));
            }
            return Future.all(answers).map(all -> answers);
        }).onComplete(ctx.succeeding(answers -> ctx.verify(() -> {
            assertThat(answers).extracting(a -> a.result().error()).containsOnlyNulls();
            assertThat(seen).containsExactlyInAnyOrder("127.0.0.2", "127.0.0.2", "127.0.0.3", "127.0.0.3",
                    "127.0.0.4", "127.0.0.4");
            ctx.completeNow();
        })));
    }

    @Test
    void connectionsOpenedBeforeTheStartLeaveFromTheSourceAddressesToo(Vertx vertx, VertxTestContext ctx) {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        server(vertx, seen).compose(url -> {
            Context context = vertx.getOrCreateContext();
            Http1Client client = new Http1Client(context, Endpoint.parse(url), Map.of(), 5_000, SOURCES);
            Promise<Integer> opened = Promise.promise();
            context.runOnContext(v -> client.preconnect(3, 2).onComplete(opened));
            return opened.future().compose(n -> {
                ctx.verify(() -> assertThat(n).isEqualTo(3));
                List<Future<Raw>> answers = new ArrayList<>();
                for (int u = 1; u <= 3; u++) {
                    answers.add(get(context, client, new TestSession(u, "c" + u)));
                }
                return Future.all(answers).map(all -> client.openConnections());
            });
        }).onComplete(ctx.succeeding(open -> ctx.verify(() -> {
            assertThat(open).isEqualTo(3); // the users took the connections opened ahead, no new ones
            assertThat(seen).containsExactlyInAnyOrder("127.0.0.2", "127.0.0.3", "127.0.0.4");
            ctx.completeNow();
        })));
    }

    @Test
    void aSourceAddressThatIsNotOfThisMachineIsNamed() {
        assertThat(Http1Client.unbindable(SOURCES)).isNull();
        assertThat(Http1Client.unbindable(List.of("127.0.0.2", "192.0.2.1")))
                .startsWith("target.source_addresses: 192.0.2.1 is not an address of this machine");
    }

    @Test
    void aConnectThatCannotTakeALocalAddressAndPortSaysSoInWords(Vertx vertx, VertxTestContext ctx) {
        // The kernel's answer when no ephemeral port is left (EADDRNOTAVAIL) is the one it gives
        // for an address that is not the machine's: the worker checks addresses before a run, so
        // during one it means ports.
        server(vertx, new ArrayList<>()).compose(url -> {
            Context context = vertx.getOrCreateContext();
            Http1Client client = new Http1Client(context, Endpoint.parse(url), Map.of(), 5_000, List.of("192.0.2.1"));
            return get(context, client, new TestSession(1, "c1"));
        }).onComplete(ctx.succeeding(raw -> ctx.verify(() -> {
            assertThat(raw.error()).isEqualTo(NetworkErrors.PORTS_EXHAUSTED);
            ctx.completeNow();
        })));
    }

    /** A server that notes the address each connection came from. */
    private static Future<String> server(Vertx vertx, List<String> seen) {
        return vertx.createHttpServer()
                .connectionHandler(c -> seen.add(c.remoteAddress().hostAddress()))
                .requestHandler(r -> r.response().end("ok"))
                .listen(0, "127.0.0.1").map(s -> "http://127.0.0.1:" + s.actualPort());
    }

    private static Future<Raw> get(Context context, Http1Client client, TestSession user) {
        Promise<Raw> result = Promise.promise();
        context.runOnContext(v -> client.exchange(user, HttpMethod.GET, "/", Map.of(), null, null, 1024).onComplete(result));
        return result.future();
    }
}
