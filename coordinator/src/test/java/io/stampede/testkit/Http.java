package io.stampede.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.stampede.coordinator.Coordinator;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/** A loopback HTTP server with some routes, and a blocking client for the test thread. */
public final class Http implements AutoCloseable {
    /** Adds routes, as {@code io.stampede.api.RouteContributor} does. */
    public interface Routes {
        void addRoutes(Router router, Coordinator coordinator);
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final HttpServer server;

    private Http(HttpServer server) {
        this.server = server;
    }

    public static Http serve(Vertx vertx, Coordinator coordinator, Routes... routes) {
        Router router = Router.router(vertx);
        for (Routes r : routes) {
            r.addRoutes(router, coordinator);
        }
        return new Http(RealCluster.await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")));
    }

    public String base() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public HttpResponse<String> get(String path) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        RealCluster.await(server.close());
    }
}
