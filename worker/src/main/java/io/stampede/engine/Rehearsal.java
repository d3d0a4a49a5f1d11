package io.stampede.engine;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stampede.bus.Bus;
import io.stampede.load.LoadProfile;
import io.stampede.scenario.InvalidScenarioException;
import io.stampede.scenario.Scenario;
import io.stampede.scenario.ScenarioLoader;
import io.stampede.scenario.ScenarioSource;
import io.stampede.secret.ClusterSecret;
import io.stampede.wire.Addresses;
import io.stampede.wire.IntervalReport;
import io.stampede.wire.ReportAck;
import io.stampede.wire.ScenarioPayload;
import io.stampede.wire.SlicePlan;
import io.stampede.wire.StartSlice;
import io.stampede.wire.WireMessage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.ContextInternal;

/**
 * A rehearsal before a worker's first run: a small scenario (a streamed OpenAI turn and a plain
 * JSON request, with checks) run through the real engine — a slice, its lanes and users, the
 * lean HTTP client, the SSE parser, the checks, the recorder, the sealed report codec — against
 * a server of its own on loopback, in a Vert.x instance of its own under a secret of its own,
 * so nothing reaches the cluster or any target. Classes and the JIT are the process's: once it
 * is over, a run's first second no longer loads classes and interprets its hot paths on the
 * lanes' event loops, time that would be billed to the agent (docs/PERFORMANCE.md, "Honest figures at the edges").
 * It takes about a second of CPU; a failure only costs the warm-up.
 */
final class Rehearsal {
    private static final Logger LOG = LoggerFactory.getLogger(Rehearsal.class);
    private static final String RUN_ID = "rehearsal";
    private static final int USERS = 8;
    private static final int CONVERSATIONS = 40;
    private static final long GIVE_UP_MS = 20_000;
    private static final String SCENARIO = """
            scenario: rehearsal
            target:
              base_url: http://127.0.0.1:%d
              protocol: openai
              model: rehearsal
              timeout: 5s
            steps:
              - send: "hello"
                name: streamed
                assert: { response_contains: "rehearsal", max_latency: 5s, finish_reason: stop }
              - request: { method: GET, path: /json }
                name: plain
                assert: { status: 200, json_path: { "$.items[1]": 2 } }
            """;
    private static final String CHUNK = "data: {\"id\":\"r\",\"object\":\"chat.completion.chunk\",\"model\":\"rehearsal\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s\"},\"finish_reason\":%s}]%s}\n\n";

    private Rehearsal() {
    }

    /**
     * Rehearses on {@code lanes} event loops of a Vert.x of its own; completes (never fails) on
     * {@code caller}'s context when it is over.
     */
    static Future<Void> run(Vertx caller, int lanes) {
        return rehearse(caller, lanes).<Void>mapEmpty().otherwiseEmpty();
    }

    /** The rehearsal: completes on {@code caller}'s context with the number of requests it made. */
    static Future<Long> rehearse(Vertx caller, int lanes) {
        long started = System.nanoTime();
        // Answered on the caller's context: the rehearsal's own Vert.x is closing by then.
        Promise<Long> result = ((ContextInternal) caller.getOrCreateContext()).promise();
        Vertx local = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Math.max(1, lanes)).setWorkerPoolSize(2));
        local.createHttpServer().requestHandler(Rehearsal::answer).listen(0, "127.0.0.1")
                .compose(server -> Bus.start(local, ClusterSecret.random())
                        .compose(bus -> rehearse(local, bus, server, lanes))
                        .eventually(server::close))
                .timeout(GIVE_UP_MS, TimeUnit.MILLISECONDS)
                .onComplete(done -> {
                    if (done.succeeded()) {
                        LOG.info("rehearsed the hot paths: {} requests in {} ms", done.result(),
                                (System.nanoTime() - started) / 1_000_000);
                    } else {
                        LOG.warn("the rehearsal failed ({}); the first run starts cold", done.cause().getMessage());
                    }
                    local.close();
                    result.handle(done);
                });
        return result.future();
    }

    private static Future<Long> rehearse(Vertx local, Bus bus, HttpServer server, int lanes) {
        String text = SCENARIO.formatted(server.actualPort());
        Scenario scenario;
        try {
            scenario = ScenarioLoader.load(new ScenarioSource(text, RUN_ID, null, Map.of(), null));
        } catch (InvalidScenarioException e) {
            return Future.failedFuture(e);
        }
        SlicePlan plan = SlicePlan.range(LoadProfile.closed(USERS, 0, -1, CONVERSATIONS, 0), 0, USERS);
        StartSlice start = new StartSlice(WireMessage.VERSION, RUN_ID, "s0", RUN_ID, 1,
                new ScenarioPayload(text, RUN_ID, Map.of(), null, null, null), plan);
        Lease lease = new Lease();
        lease.granted(1, System.nanoTime(), GIVE_UP_MS);
        long[] requests = {0};
        bus.listen(Addresses.runReports(RUN_ID), IntervalReport.class, report -> {
            if (report.body().last()) {
                requests[0] += report.body().cumulative().keys().stream()
                        .filter(k -> k.key().startsWith("step:")).mapToLong(k -> k.count()).sum();
                report.reply(new ReportAck(WireMessage.VERSION, RUN_ID, report.body().sourceId(), report.body().seq()));
            }
        });
        SliceRun slice = new SliceRun(local, bus, start, scenario, lanes, true, lease,
                io.stampede.limits.ReplyBudget.NONE);
        return slice.start(RUN_ID).compose(sources -> {
            slice.go(System.currentTimeMillis() + 20);
            return slice.finished();
        }).map(done -> requests[0]);
    }

    private static void answer(HttpServerRequest request) {
        if (request.path().equals("/json")) {
            request.response().putHeader("content-type", "application/json").end("{\"status\":\"ok\",\"items\":[1,2,3]}");
            return;
        }
        request.body().onSuccess(body -> {
            StringBuilder sse = new StringBuilder();
            for (String word : new String[] {"This ", "is ", "a ", "rehearsal", "."}) {
                sse.append(CHUNK.formatted(word, "null", ""));
            }
            sse.append(CHUNK.formatted("", "\"stop\"", ",\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":5,\"total_tokens\":8}"));
            sse.append("data: [DONE]\n\n");
            request.response().putHeader("content-type", "text/event-stream").end(sse.toString());
        });
    }
}
