package io.stampede.workload;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stampede.bus.Bus;
import io.stampede.dataset.Conversation;
import io.stampede.dataset.ConversationFormat;
import io.stampede.wire.Addresses;
import io.stampede.wire.DatasetRows;
import io.stampede.wire.DatasetRowsRequest;
import io.stampede.wire.WireMessage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * A lane's conversation rows, asked of the run's coordinator over the sealed bus
 * ({@link DatasetRowsRequest}): the draws wanted within one turn of the event loop go in one
 * request (at most {@link #BATCH}), each row arrives once, is parsed here and handed to the user
 * that drew it. Users ask for their next draw while their current conversation runs
 * ({@link #prefetch}), so a row is usually here before it is needed; only rows in use or about
 * to be are held. A row that is not a conversation fails that conversation with the file's line.
 * On the lane's event loop only.
 */
public final class CoordinatorRows implements ConversationSource {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorRows.class);
    static final int BATCH = 256;
    static final long TIMEOUT_MS = 10_000;
    static final int ATTEMPTS = 3;

    private final Vertx vertx;
    private final Bus bus;
    private final String runId;
    private final String source;
    /** Draws asked for or arrived, by draw: each completes once with its conversation (null: none). */
    private final Map<Long, Promise<Conversation>> rows = new HashMap<>();
    private final Set<Long> toAsk = new LinkedHashSet<>();
    private boolean flushScheduled;

    /** @param source the dataset as the scenario names it, for messages */
    public CoordinatorRows(Vertx vertx, Bus bus, String runId, String source) {
        this.vertx = vertx;
        this.bus = bus;
        this.runId = runId;
        this.source = source;
    }

    @Override
    public Future<Conversation> take(long draw) {
        Promise<Conversation> row = want(draw);
        Future<Conversation> future = row.future();
        // A row is taken once: its memory goes with the user's conversation.
        future.onComplete(done -> rows.remove(draw));
        return future;
    }

    @Override
    public void prefetch(long draw) {
        want(draw);
    }

    private Promise<Conversation> want(long draw) {
        Promise<Conversation> row = rows.get(draw);
        if (row == null) {
            row = Promise.promise();
            rows.put(draw, row);
            toAsk.add(draw);
            if (toAsk.size() >= BATCH) {
                flush();
            } else if (!flushScheduled) {
                flushScheduled = true;
                vertx.runOnContext(v -> flush());
            }
        }
        return row;
    }

    private void flush() {
        flushScheduled = false;
        if (toAsk.isEmpty()) {
            return;
        }
        long[] draws = toAsk.stream().mapToLong(Long::longValue).toArray();
        toAsk.clear();
        ask(draws, ATTEMPTS);
    }

    private void ask(long[] draws, int attempts) {
        bus.request(Addresses.runDataset(runId), new DatasetRowsRequest(WireMessage.VERSION, runId, draws), DatasetRows.class,
                TIMEOUT_MS).onComplete(reply -> {
                    if (reply.succeeded() && reply.result() != null) {
                        deliver(reply.result().rows());
                    } else if (attempts > 1) {
                        ask(draws, attempts - 1);
                    } else {
                        String why = reply.failed() ? reply.cause().getMessage() : "an empty answer";
                        LOG.warn("run {}: no dataset rows from the coordinator: {}", runId, why);
                        for (long d : draws) {
                            fail(d, "the coordinator sent no row of " + source + " (" + why + ")");
                        }
                    }
                });
    }

    private void deliver(List<DatasetRows.Drawn> drawn) {
        List<Long> again = new ArrayList<>();
        for (DatasetRows.Drawn d : drawn) {
            Promise<Conversation> row = rows.get(d.draw());
            if (row == null) {
                continue;
            }
            if (d.row() == -2) {
                again.add(d.draw()); // over the answer's size: ask again
            } else if (d.row() < 0 || d.text() == null) {
                row.tryComplete(null);
            } else {
                try {
                    row.tryComplete(ConversationFormat.parse(d.text(), d.row()));
                } catch (IllegalArgumentException e) {
                    row.tryFail(source + " line " + d.line() + " " + e.getMessage());
                }
            }
        }
        if (!again.isEmpty()) {
            ask(again.stream().mapToLong(Long::longValue).toArray(), ATTEMPTS);
        }
    }

    private void fail(long draw, String why) {
        Promise<Conversation> row = rows.get(draw);
        if (row != null) {
            row.tryFail(why);
        }
    }
}
