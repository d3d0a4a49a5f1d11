package io.stampede.demo;

import java.util.List;

import io.stampede.tokens.TokenEstimator;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Streams one {@link Turn} with the timing its trace promises, in any {@link StreamFormat}:
 * the response opens at once; the tool call (when the turn has one) is streamed when the
 * tool node starts; the first text piece arrives after the nodes before the compose call plus
 * the compose call's fixed part (the TTFT a client measures); the remaining pieces are spread
 * evenly over the rest of the compose call (the token pace); the closing events follow after
 * the save-history node. The stream ends when the trace's total has elapsed, as a
 * non-streamed answer would.
 *
 * <p>At most one timer per stream is pending; each tick aims at an absolute time from the
 * first piece, so rounding never adds up. Ticks are at least 1 ms apart and carry as many
 * pieces as fall due. Lives on the agent's event loop; stops quietly if the client goes away.
 */
final class TurnStream {
    private final Vertx vertx;
    private final StreamSink sink;
    private final StreamFormat format;
    private final LatencyModel latency;
    private final Turn turn;
    private final String callId;
    private final List<String> pieces;
    private double streamingMs;
    private double afterComposeMs;
    private int ticks;
    private int tick;
    private int written;
    private long firstTokenNanos;

    TurnStream(Vertx vertx, StreamSink sink, StreamFormat format, LatencyModel latency, Turn turn, String callId) {
        this.vertx = vertx;
        this.sink = sink;
        this.format = format;
        this.latency = latency;
        this.turn = turn;
        this.callId = callId;
        this.pieces = TokenEstimator.pieces(turn.reply());
    }

    void start() {
        double beforeToolMs = -1;
        double toolMs = 0;
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
                if (node.node().equals("tool_call")) {
                    beforeToolMs = beforeComposeMs;
                    toolMs = node.latencyMs();
                }
                beforeComposeMs += node.latencyMs();
            }
        }
        double firstTokenMs = latency.firstTokenMs(composeMs, turn.outputTokens());
        streamingMs = composeMs - firstTokenMs;
        format.open(sink, turn);
        if (beforeToolMs >= 0 && !turn.toolsCalled().isEmpty()) {
            Delays.after(vertx, beforeToolMs, this::writeToolCall);
            Delays.after(vertx, beforeToolMs + toolMs, this::writeToolResult);
        }
        Delays.after(vertx, beforeComposeMs + firstTokenMs, this::writeFirstToken);
    }

    private void writeToolCall() {
        if (sink.closed()) {
            return;
        }
        JsonObject call = turn.toolsCalled().getJsonObject(0);
        format.toolCall(sink, turn, callId, call.getString("name"), call.getJsonObject("args", new JsonObject()));
    }

    private void writeToolResult() {
        if (!sink.closed()) {
            format.toolResult(sink, turn, callId, new JsonObject().put("ok", !turn.trace().stream()
                    .anyMatch(n -> n.node().equals("tool_call") && !n.status().equals(TraceNode.OK))));
        }
    }

    private void writeFirstToken() {
        if (sink.closed()) {
            return;
        }
        firstTokenNanos = System.nanoTime();
        format.text(sink, turn, pieces.get(0), true);
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
        if (sink.closed()) {
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
            format.text(sink, turn, pieces.get(written), false);
        }
    }

    private void finish() {
        if (!sink.closed()) {
            format.finish(sink, turn);
        }
    }
}
