package io.stampede.assist;

import java.util.ArrayDeque;

import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * At most {@code limit} calls at once, the rest waiting in turn: a helper model (the simulated
 * user, the judge) gets its own bound, so it never floods its server and never takes the agent's
 * connections. How long a call waited for its turn is its lag (recorded apart, like the load
 * generator's own lag): a lag that grows says the helper, not the agent, sets the pace.
 * On one event loop only.
 */
final class CallLimiter {
    private final int limit;
    private final ArrayDeque<Promise<Void>> waiting = new ArrayDeque<>();
    private int running;

    CallLimiter(int limit) {
        this.limit = Math.max(1, limit);
    }

    /** Completes when the call may go; release once it is done. */
    Future<Void> acquire() {
        if (running < limit) {
            running++;
            return Future.succeededFuture();
        }
        Promise<Void> turn = Promise.promise();
        waiting.add(turn);
        return turn.future();
    }

    void release() {
        Promise<Void> next = waiting.poll();
        if (next != null) {
            next.complete(); // the slot passes on
        } else {
            running--;
        }
    }

    int waiting() {
        return waiting.size();
    }
}
