package io.stampede.cli;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.stampede.api.RunRequest;
import io.stampede.feed.FeedEvent;
import io.stampede.results.ResultsJson;
import io.stampede.scenario.InvalidScenarioException;
import io.stampede.scenario.ScenarioError;
import io.stampede.sse.SseParser;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * The coordinator's HTTP API as the CLI uses it: submit a run, read its feed as server-sent
 * events, show it, stop it. Sends the bearer token on every call when one is given.
 */
final class CoordinatorClient {
    /** A feed connection that has not seen a byte this long is dead (the server sends a keep-alive every 15 s). */
    static final long FEED_IDLE_MS = 45_000;
    /** Far above any feed event (the largest, done, carries the summary); a server that sends more is not followed. */
    static final int MAX_FEED_EVENT_BYTES = 64 << 20;
    private static final long CALL_TIMEOUT_MS = 30_000;
    /** A coordinator that does not take the connection in this time is not going to (the client's default is 60 s). */
    private static final long CONNECT_TIMEOUT_MS = 10_000;

    /** The coordinator answered something the CLI cannot go on with; the message says what to do. */
    static final class CoordinatorException extends Exception {
        private final int status;

        CoordinatorException(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private final Vertx vertx;
    private final HttpClient client;
    private final String base;
    private final String token;

    CoordinatorClient(Vertx vertx, String url, String token) {
        this.vertx = vertx;
        this.client = vertx.createHttpClient();
        this.base = normalize(url);
        this.token = token;
    }

    /** {@code host:8080} → {@code http://host:8080}; no trailing slash. */
    static String normalize(String url) {
        String u = url.contains("://") ? url : "http://" + url;
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        URI uri = URI.create(u);
        if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw new IllegalArgumentException("--coordinator: '" + url + "' is not an http(s) URL like http://127.0.0.1:8080");
        }
        return u;
    }

    String base() {
        return base;
    }

    Vertx vertx() {
        return vertx;
    }

    /** Posts the run; answers its id. Fails with {@link InvalidScenarioException} on 400. */
    Future<String> submit(RunRequest request) {
        String body;
        try {
            body = ResultsJson.MAPPER.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            return Future.failedFuture(e);
        }
        return call(HttpMethod.POST, "/api/runs", body).compose(reply -> {
            if (reply.status() == 201) {
                return Future.succeededFuture(reply.json().path("id").asText());
            }
            if (reply.status() == 400 && reply.json().has("errors")) {
                return Future.failedFuture(new InvalidScenarioException(errors(reply.json().get("errors"))));
            }
            return Future.failedFuture(refusal(reply));
        });
    }

    /** {@code GET /api/runs/{id}}. */
    Future<JsonNode> run(String id) {
        return call(HttpMethod.GET, "/api/runs/" + id, null)
                .compose(reply -> reply.status() == 200 ? Future.succeededFuture(reply.json()) : Future.failedFuture(refusal(reply)));
    }

    /** {@code GET /api/searches/{id}}: a capacity search as it stands. */
    Future<JsonNode> search(String id) {
        return call(HttpMethod.GET, "/api/searches/" + id, null)
                .compose(reply -> reply.status() == 200 ? Future.succeededFuture(reply.json()) : Future.failedFuture(refusal(reply)));
    }

    /** Asks a capacity search to stop (the level under way stops gracefully). */
    Future<Void> stopSearch(String id) {
        return call(HttpMethod.POST, "/api/searches/" + id + "/stop", "")
                .compose(reply -> reply.status() == 202 || reply.status() == 409 ? Future.<Void>succeededFuture()
                        : Future.failedFuture(refusal(reply)));
    }

    /** Asks for a graceful stop. */
    Future<Void> stop(String id) {
        return call(HttpMethod.POST, "/api/runs/" + id + "/stop", "")
                .compose(reply -> reply.status() == 202 || reply.status() == 409 ? Future.<Void>succeededFuture()
                        : Future.failedFuture(refusal(reply)));
    }

    /**
     * Reads the feed after {@code lastEventId}, handing each event to {@code sink} on an event
     * loop. Completes with the HTTP status when the server ends the stream (200 after
     * {@code done}; 204 when there is nothing more), fails when the connection drops.
     */
    Future<Integer> stream(String id, long lastEventId, Consumer<FeedEvent> sink) {
        RequestOptions options = options(HttpMethod.GET, "/api/runs/" + id + "/stream").setConnectTimeout(CONNECT_TIMEOUT_MS)
                .setTimeout(-1).setIdleTimeout(FEED_IDLE_MS)
                .putHeader("accept", "text/event-stream");
        if (lastEventId > 0) {
            options.putHeader("last-event-id", Long.toString(lastEventId));
        }
        return client.request(options).compose(req -> req.send()).compose(resp -> {
            if (resp.statusCode() != 200) {
                return resp.body().compose(b -> resp.statusCode() == 204 ? Future.succeededFuture(204)
                        : Future.failedFuture(refusal(new Reply(resp.statusCode(), b.toString(StandardCharsets.UTF_8)))));
            }
            return read(resp, sink);
        });
    }

    private Future<Integer> read(HttpClientResponse resp, Consumer<FeedEvent> sink) {
        Promise<Integer> ended = Promise.promise();
        FeedEvents events = new FeedEvents(sink);
        resp.handler(chunk -> {
            events.parser.feed(chunk.getBytes(), 0);
            if (events.parser.error() != null && ended.tryFail(new CoordinatorException(200, "the feed of " + base + ": "
                    + events.parser.error()))) {
                resp.request().reset();
            }
        });
        resp.endHandler(v -> ended.tryComplete(200));
        resp.exceptionHandler(ended::tryFail);
        return ended.future();
    }

    Future<Void> close() {
        return client.close();
    }

    private Future<Reply> call(HttpMethod method, String path, String body) {
        RequestOptions options = options(method, path).setConnectTimeout(CONNECT_TIMEOUT_MS).setTimeout(CALL_TIMEOUT_MS);
        if (body != null) {
            options.putHeader("content-type", "application/json");
        }
        return client.request(options)
                .compose(req -> body == null ? req.send() : req.send(Buffer.buffer(body.getBytes(StandardCharsets.UTF_8))))
                .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), b.toString(StandardCharsets.UTF_8))));
    }

    private RequestOptions options(HttpMethod method, String path) {
        RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(base + path);
        if (token != null) {
            options.putHeader("authorization", "Bearer " + token);
        }
        return options;
    }

    private CoordinatorException refusal(Reply reply) {
        String said = reply.json().path("error").asText(reply.body());
        return switch (reply.status()) {
            case 401 -> new CoordinatorException(401, "the coordinator at " + base + " wants a token: pass --token or set"
                    + " STAMPEDE_TOKEN (" + said + ")");
            case 404 -> new CoordinatorException(404, said);
            case 413 -> new CoordinatorException(413, said + ": the scenario with its data rows is too large for this coordinator");
            default -> new CoordinatorException(reply.status(), "the coordinator at " + base + " answered " + reply.status() + ": " + said);
        };
    }

    private static List<ScenarioError> errors(JsonNode errors) {
        List<ScenarioError> out = new ArrayList<>();
        for (JsonNode e : errors) {
            out.add(new ScenarioError(e.path("line").asInt(), e.path("column").asInt(), e.path("path").asText(""),
                    e.path("message").asText("")));
        }
        return out;
    }

    private record Reply(int status, String body) {
        JsonNode json() {
            try {
                return ResultsJson.MAPPER.readTree(body);
            } catch (JsonProcessingException e) {
                return ResultsJson.MAPPER.createObjectNode();
            }
        }
    }

    /**
     * The feed's event stream → feed events. The id of an event is the last numeric id the
     * stream set ({@code -1} before any); an event without data is no event.
     */
    private static final class FeedEvents implements SseParser.Listener {
        final SseParser parser = new SseParser(this, MAX_FEED_EVENT_BYTES);
        private final Consumer<FeedEvent> sink;
        private long id = -1;

        FeedEvents(Consumer<FeedEvent> sink) {
            this.sink = sink;
        }

        @Override
        public void onEvent(String type, byte[] data, long nanos) {
            if (data.length == 0) {
                return;
            }
            try {
                id = Long.parseLong(parser.lastEventId().trim());
            } catch (NumberFormatException e) {
                // no id yet, or not a number: the one before stays
            }
            sink.accept(new FeedEvent(id, type == null ? "message" : type, new String(data, StandardCharsets.UTF_8)));
        }
    }
}
