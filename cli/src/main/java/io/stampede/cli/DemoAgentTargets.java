package io.stampede.cli;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.stampede.demo.DemoAgent;
import io.stampede.demo.DemoAgentOptions;
import io.stampede.engine.EmbeddedTargets;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * {@code target.embedded: demo-agent}: starts the demo agent in this process at the scenario's
 * base URL, once per address. When something already listens there and answers the demo
 * agent's health check (a demo agent started earlier), that one is used.
 */
final class DemoAgentTargets implements EmbeddedTargets {
    private final Map<String, Future<Void>> started = new ConcurrentHashMap<>();

    @Override
    public Future<Void> ensureStarted(Vertx vertx, String name, String baseUrl) {
        if (!name.equals("demo-agent")) {
            return Future.failedFuture("unknown embedded target '" + name + "' (known: demo-agent)");
        }
        URI uri = URI.create(baseUrl);
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        String key = uri.getHost() + ":" + port;
        return started.computeIfAbsent(key, k -> start(vertx, uri.getHost(), port));
    }

    private static Future<Void> start(Vertx vertx, String host, int port) {
        DemoAgentOptions options = new DemoAgentOptions().setHost(host).setPort(port);
        return DemoAgent.start(vertx, options).<Void>mapEmpty()
                .recover(failure -> isDemoAgent(vertx, host, port)
                        .compose(yes -> yes ? Future.succeededFuture()
                                : Future.failedFuture("cannot start the demo agent on " + host + ":" + port + ": "
                                        + failure.getMessage())));
    }

    /** True when a demo agent already answers there (e.g. one started by an earlier run). */
    private static Future<Boolean> isDemoAgent(Vertx vertx, String host, int port) {
        HttpClient client = vertx.createHttpClient();
        RequestOptions health = new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port).setURI("/health")
                .setConnectTimeout(2000).setIdleTimeout(2000);
        return client.request(health)
                .compose(req -> req.send().compose(resp -> resp.body().map(b -> resp.statusCode() == 200
                        && b.toString().contains("\"status\":\"up\""))))
                .otherwise(false)
                .eventually(() -> client.close());
    }
}
