package io.stampede.cli;

import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.stampede.feed.FeedEvent;
import io.stampede.results.ResultsJson;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * Follows a run's feed to its {@code done} event through dropped connections: each reconnect
 * sends the last id seen, so the coordinator's replay buffer fills the gap and no event is seen
 * twice. Gives up after {@value #GIVE_UP_MS} ms without getting anywhere. Runs on the client's
 * event loop; the result is the {@code done} event's data ({@code status}, {@code reason},
 * {@code summary}).
 */
final class FeedFollower {
    static final long GIVE_UP_MS = 120_000;
    private static final long[] BACKOFF_MS = {250, 500, 1000, 2000, 5000};

    /** The coordinator could not be reached again in time; the run may well go on. */
    static final class FeedLostException extends Exception {
        FeedLostException(String message) {
            super(message);
        }
    }

    private final CoordinatorClient client;
    private final String id;
    private final Consumer<FeedEvent> sink;
    private final Promise<JsonNode> done = Promise.promise();
    private long lastEventId;
    private int failures;
    private long failingSinceMs;

    FeedFollower(CoordinatorClient client, String id, Consumer<FeedEvent> sink) {
        this.client = client;
        this.id = id;
        this.sink = sink;
    }

    Future<JsonNode> follow() {
        connect();
        return done.future();
    }

    private void connect() {
        client.stream(id, lastEventId, this::onEvent).onComplete(ended -> {
            if (done.future().isComplete()) {
                return;
            }
            if (ended.succeeded() && ended.result() == 204) {
                fromRunView(); // nothing left to stream, yet we never saw done: ask for the run itself
            } else if (ended.failed() && ended.cause() instanceof CoordinatorClient.CoordinatorException refused) {
                done.fail(refused);
            } else {
                retry(ended.failed() ? ended.cause().getMessage() : "the stream ended before the run did");
            }
        });
    }

    private void onEvent(FeedEvent event) {
        if (event.id() > 0 && event.id() <= lastEventId) {
            return; // seen before a reconnect
        }
        lastEventId = Math.max(lastEventId, event.id());
        failures = 0;
        sink.accept(event);
        if (event.type().equals("done")) {
            try {
                done.tryComplete(ResultsJson.MAPPER.readTree(event.json()));
            } catch (JsonProcessingException e) {
                done.tryFail(new FeedLostException("the coordinator's done event is not JSON: " + e.getOriginalMessage()));
            }
        }
    }

    private void retry(String why) {
        long now = System.currentTimeMillis();
        if (failures++ == 0) {
            failingSinceMs = now;
        }
        if (now - failingSinceMs > GIVE_UP_MS) {
            done.tryFail(new FeedLostException("lost the coordinator's feed (" + why + ") for " + GIVE_UP_MS / 1000
                    + " s; the run may go on: see " + client.base() + "/api/runs/" + id));
            return;
        }
        long delay = BACKOFF_MS[Math.min(failures - 1, BACKOFF_MS.length - 1)];
        client.vertx().setTimer(delay, t -> connect());
    }

    private void fromRunView() {
        client.run(id).onComplete(view -> {
            if (view.failed()) {
                retry(view.cause().getMessage());
                return;
            }
            ObjectNode end = ResultsJson.MAPPER.createObjectNode();
            end.put("status", view.result().path("status").asText());
            end.set("reason", view.result().get("reason"));
            end.set("summary", view.result().get("summary"));
            done.tryComplete(end);
        });
    }
}
