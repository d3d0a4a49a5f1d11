package io.stampede.demo;

import java.util.List;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * Streams one {@link Turn} as OpenAI server-sent events with the timing its trace promises:
 * the first content token arrives after the nodes before the compose call plus the compose
 * call's fixed part (that is the TTFT a client measures), the remaining tokens are spread
 * evenly over the rest of the compose call, and the final chunk and {@code [DONE]} follow
 * after the save-history node. The stream ends when the trace's total has elapsed, as a
 * non-streamed answer would.
 *
 * <p>At most one timer per stream is pending; each tick aims at an absolute time from the
 * first token, so rounding never adds up. Ticks are at least 1 ms apart and carry as many
 * pieces as fall due. Lives on the agent's event loop; stops quietly if the client goes away.
 */
final class CompletionStream {
    private final Vertx vertx;
    private final HttpServerResponse response;
    private final Turn turn;
    private final String id;
    private final long created;
    private final boolean includeUsage;
    private final List<String> pieces;
    private double streamingMs;
    private double afterComposeMs;
    private int ticks;
    private int tick;
    private int written;
    private long firstTokenNanos;

    CompletionStream(Vertx vertx, HttpServerResponse response, Turn turn, String id, long created, boolean includeUsage) {
        this.vertx = vertx;
        this.response = response;
        this.turn = turn;
        this.id = id;
        this.created = created;
        this.includeUsage = includeUsage;
        this.pieces = TokenCounter.pieces(turn.reply());
    }

    void start() {
        double beforeComposeMs = 0;
        double composeMs = 0;
        boolean composed = false;
        for (TraceNode node : turn.trace()) {
            if (node.name().equals(TurnSimulator.COMPOSE_REPLY)) {
                composeMs = node.latencyMs();
                composed = true;
            } else if (composed) {
                afterComposeMs += node.latencyMs();
            } else {
                beforeComposeMs += node.latencyMs();
            }
        }
        double firstTokenMs = LatencyModel.firstTokenMs(composeMs, turn.outputTokens());
        streamingMs = composeMs - firstTokenMs;
        Delays.after(vertx, beforeComposeMs + firstTokenMs, this::writeFirstToken);
    }

    private void writeFirstToken() {
        if (response.closed()) {
            return;
        }
        response.setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        firstTokenNanos = System.nanoTime();
        send(OpenAiJson.contentChunk(id, created, pieces.get(0), true));
        written = 1;
        ticks = (int) Math.min(pieces.size() - 1, Math.floor(streamingMs));
        if (ticks <= 0) {
            writeUpTo(pieces.size());
            Delays.after(vertx, streamingMs + afterComposeMs, this::finish);
        } else {
            scheduleTick();
        }
    }

    private void scheduleTick() {
        tick++;
        double dueMs = streamingMs * tick / ticks;
        Delays.after(vertx, dueMs - (System.nanoTime() - firstTokenNanos) / 1e6, this::onTick);
    }

    private void onTick() {
        if (response.closed()) {
            return;
        }
        writeUpTo(1 + (int) ((long) (pieces.size() - 1) * tick / ticks));
        if (tick < ticks) {
            scheduleTick();
        } else {
            Delays.after(vertx, afterComposeMs, this::finish);
        }
    }

    private void writeUpTo(int end) {
        for (; written < end; written++) {
            send(OpenAiJson.contentChunk(id, created, pieces.get(written), false));
        }
    }

    private void finish() {
        if (response.closed()) {
            return;
        }
        send(OpenAiJson.finalChunk(id, created, turn));
        if (includeUsage) {
            send(OpenAiJson.usageChunk(id, created, turn));
        }
        response.end("data: [DONE]\n\n");
    }

    private void send(JsonObject chunk) {
        response.write("data: " + chunk.encode() + "\n\n");
    }
}
