package io.stampede.engine;

import java.util.function.LongPredicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stampede.bus.Bus;
import io.stampede.recording.LaneRecorder;
import io.stampede.wire.Addresses;
import io.stampede.wire.IntervalReport;
import io.stampede.wire.ReportAck;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * When a lane reports: an interval cut on every whole second of the run (start + k s, the same
 * instants on every lane and worker), then one last report with the cumulative totals, resent
 * until the coordinator acks it so the summary never misses a lane. On the lane's event loop.
 */
final class LaneReports {
    private static final Logger LOG = LoggerFactory.getLogger(LaneReports.class);
    private static final int FINAL_REPORT_ATTEMPTS = 15;
    private static final long FINAL_REPORT_TIMEOUT_MS = 2000;
    private static final long FINAL_REPORT_RETRY_MS = 500;

    /** The users running now, counted when an interval is cut. */
    interface ActiveUsers {
        int count();
    }

    private final Vertx vertx;
    private final Bus bus;
    private final String runId;
    private final LaneRecorder recorder;
    private final ActiveUsers active;
    private final Promise<Void> delivered = Promise.promise();
    private final LongPredicate warmupSecond;
    private long startNanos;
    private long intervalStartNanos;
    private long timer = -1;
    private boolean closed;

    /** @param warmupSecond whether a second of the run (0 = the first) is warm-up, kept out of the totals */
    LaneReports(Vertx vertx, Bus bus, String runId, LaneRecorder recorder, ActiveUsers active, LongPredicate warmupSecond) {
        this.warmupSecond = warmupSecond;
        this.vertx = vertx;
        this.bus = bus;
        this.runId = runId;
        this.recorder = recorder;
        this.active = active;
    }

    /** Completes once the last report was acked (or given up on). */
    Future<Void> delivered() {
        return delivered.future();
    }

    /** Starts cutting intervals on the whole seconds after {@code startNanos}. */
    void begin(long startNanos) {
        this.startNanos = startNanos;
        this.intervalStartNanos = System.nanoTime();
        recorder.restartInterval();
        scheduleCut();
    }

    private void scheduleCut() {
        long sinceStart = System.nanoTime() - startNanos;
        long next = startNanos + 1_000_000_000L * Math.max(1, Math.floorDiv(sinceStart, 1_000_000_000L) + 1);
        long delayMs = (next - System.nanoTime()) / 1_000_000;
        timer = vertx.setTimer(Math.max(1, delayMs), id -> {
            if (closed) {
                return;
            }
            send(cut(active.count(), false));
            scheduleCut();
        });
    }

    private void send(IntervalReport report) {
        bus.publish(Addresses.runReports(runId), report);
    }

    /** Cuts the last report, with the totals, and sends it until acked. */
    void last() {
        closed = true;
        vertx.cancelTimer(timer);
        sendLast(cut(0, true), 1);
    }

    /** An interval is warm-up when its middle falls in a warm-up second, as the coordinator places it in the timeline. */
    private IntervalReport cut(int activeUsers, boolean last) {
        long now = System.nanoTime();
        long middle = intervalStartNanos + (now - intervalStartNanos) / 2;
        intervalStartNanos = now;
        long second = Math.max(0, Math.floorDiv(middle - startNanos, 1_000_000_000L));
        return recorder.cut(activeUsers, last, warmupSecond.test(second));
    }

    private void sendLast(IntervalReport report, int attempt) {
        bus.request(Addresses.runReports(runId), report, ReportAck.class, FINAL_REPORT_TIMEOUT_MS)
                .onSuccess(ack -> delivered.tryComplete())
                .onFailure(failure -> {
                    if (attempt >= FINAL_REPORT_ATTEMPTS) {
                        LOG.warn("run {}: last report of {} not acknowledged after {} attempts: {}", runId,
                                recorder.sourceId(), attempt, failure.getMessage());
                        delivered.tryComplete();
                    } else {
                        vertx.setTimer(FINAL_REPORT_RETRY_MS, id -> sendLast(report, attempt + 1));
                    }
                });
    }
}
