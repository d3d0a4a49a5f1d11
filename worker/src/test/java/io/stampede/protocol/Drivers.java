package io.stampede.protocol;

import java.util.List;
import java.util.Map;

import io.stampede.engine.Protocols;
import io.stampede.protocol.http.Endpoint;
import io.stampede.protocol.http.Http1Client;
import io.stampede.protocol.http.HttpTransport;
import io.stampede.scenario.Scenario;
import io.stampede.scenario.ScenarioLoader;
import io.stampede.scenario.ScenarioSource;
import io.stampede.scenario.SendStep;
import io.stampede.template.Template;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;

/**
 * A protocol driver built as a lane builds it, from a scenario's {@code target:} YAML, and a
 * way to send turns through it on a Vert.x context as the engine does.
 */
final class Drivers {
    private Drivers() {
    }

    /** The target of a one-step scenario whose {@code target:} block is {@code targetYaml} (indented by 2). */
    static Scenario scenario(String targetYaml) {
        String text = "scenario: t\ntarget:\n" + targetYaml + "\nsteps:\n  - send: hi\n";
        try {
            return ScenarioLoader.load(new ScenarioSource(text, "test.yaml", null, Map.of(), null));
        } catch (Exception e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** A driver and the one event loop (context) its turns run on, as in a lane. */
    record Harness(ProtocolDriver driver, Context context) {
        /** Sends one turn on the harness's context. */
        Future<AgentResponse> send(TestSession session, String message) {
            Promise<AgentResponse> result = Promise.promise();
            context.runOnContext(v -> driver.send(session, step(), message).onComplete(result));
            return result.future();
        }

        /** Sends turns one after the other; completes with all responses. */
        Future<List<AgentResponse>> conversation(TestSession session, String... messages) {
            Future<List<AgentResponse>> all = Future.succeededFuture(new java.util.ArrayList<>());
            for (String m : messages) {
                all = all.compose(list -> send(session, m).map(r -> {
                    list.add(r);
                    return list;
                }));
            }
            return all;
        }
    }

    /** A driver with its own clients (lean for the target's paths, pooled for absolute URLs), as in a lane. */
    static Harness create(Vertx vertx, String targetYaml) {
        return create(vertx, targetYaml, true);
    }

    /** @param lean false for a lane without the lean client ({@code -Dstampede.http.client=vertx}): all on the pool */
    static Harness create(Vertx vertx, String targetYaml, boolean lean) {
        Scenario scenario = scenario(targetYaml);
        Context context = vertx.getOrCreateContext();
        Http1Client client = !lean ? null : new Http1Client(context, Endpoint.parse(scenario.target().baseUrl()),
                scenario.target().headers(), scenario.target().timeout().toMillis());
        HttpTransport transport = new HttpTransport(vertx.createHttpClient(
                new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_1_1).setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(8)), client, scenario.target());
        return new Harness(Protocols.create(vertx, scenario.target(), transport), context);
    }

    static SendStep step() {
        return new SendStep("turn_1", 1, Template.compile("hi"), List.of(), List.of(), null, null);
    }
}
