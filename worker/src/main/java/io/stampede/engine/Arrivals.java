package io.stampede.engine;

import java.util.concurrent.TimeUnit;

import io.stampede.load.ArrivalSegment;
import io.stampede.metrics.Counters;

/**
 * The open model: a new user per arrival of this lane's segment, each running one
 * conversation, its latency counted from the arrival's intended time. An arrival over the
 * lane's share of {@code max_users} is dropped; one that starts over {@link Counters#LATE_MS}
 * after its time is late.
 */
final class Arrivals implements LoadModel {
    /** Arrivals due within this of now are released together. */
    private static final long BATCH_NANOS = 500_000;

    /** Rows of this many arrivals ahead are asked for before they are due (a dataset's conversations). */
    static final int PREFETCH_AHEAD = 32;

    private final Lane lane;

    private ArrivalSegment segment;
    private ArrivalSchedule schedule;
    /** The same schedule, run ahead of {@link #schedule}, to ask for the rows of arrivals to come. */
    private ArrivalSchedule ahead;
    /** Arrivals released so far (dropped ones too), and when the last was due, in ms after the start. */
    private long released;
    private double lastReleasedAtMs = -1;
    private ArrivalSchedule.Arrival next;
    private long timer = -1;
    private boolean ended;

    Arrivals(Lane lane, ArrivalSegment segment) {
        this.lane = lane;
        this.segment = segment;
    }

    @Override
    public void begin() {
        schedule = new ArrivalSchedule(lane.setup().plan().load(), segment);
        // Taking over from a lost worker: its arrivals before now are not ours to replay. (A worker
        // that joined holds its positions from an instant ahead: none of its arrivals is skipped.)
        double skipBeforeMs = lane.setup().plan().handover() ? (System.nanoTime() - lane.startNanos()) / 1e6 : -1;
        next = schedule.next();
        while (next != null && next.atMs() < skipBeforeMs) {
            next = schedule.next();
        }
        prefetchFrom(segment);
        arm();
    }

    /**
     * A worker joined: from {@code fromMs} after the start this lane holds {@code newSegment}.
     * Its schedule is computed again with the new parts (the same arrivals before
     * {@code fromMs}), skipping what it released already. Answers the instant the change holds
     * from: {@code fromMs}, or when the lane had already released arrivals past it (it was more
     * than the margin late), the last of those.
     */
    long reshape(ArrivalSegment newSegment, long fromMs) {
        segment = newSegment;
        if (schedule == null) {
            return fromMs; // not begun: the new segment holds from the start
        }
        lane.vertx().cancelTimer(timer);
        schedule = new ArrivalSchedule(lane.setup().plan().load(), newSegment);
        next = schedule.next();
        for (long skipped = 0; next != null && skipped < released && next.atMs() < fromMs; skipped++) {
            next = schedule.next();
        }
        while (next != null && next.atMs() <= lastReleasedAtMs) {
            next = schedule.next();
        }
        prefetchFrom(newSegment);
        if (!ended) {
            arm();
        }
        return (long) Math.max(fromMs, Math.ceil(lastReleasedAtMs));
    }

    /** Starts the look-ahead schedule at {@link #next} and asks for the rows of the arrivals to come. */
    private void prefetchFrom(ArrivalSegment from) {
        ahead = new ArrivalSchedule(lane.setup().plan().load(), from);
        for (ArrivalSchedule.Arrival a = ahead.next(); a != null; a = ahead.next()) {
            if (a.index() >= (next == null ? Long.MAX_VALUE : next.index())) {
                lane.prefetch(a.index());
                break;
            }
        }
        for (int i = 0; i < PREFETCH_AHEAD; i++) {
            prefetchOne();
        }
    }

    private void prefetchOne() {
        ArrivalSchedule.Arrival a = ahead == null ? null : ahead.next();
        if (a != null) {
            lane.prefetch(a.index());
        }
    }

    private void arm() {
        if (next == null || lane.loadEnded()) {
            ended = true;
            lane.maybeFinish();
            return;
        }
        long delayMs = (due(next) - System.nanoTime()) / 1_000_000;
        timer = lane.vertx().setTimer(Math.max(1, delayMs), id -> release());
    }

    private void release() {
        long now = System.nanoTime();
        while (next != null && due(next) <= now + BATCH_NANOS) {
            arrive(next, now);
            released++;
            lastReleasedAtMs = next.atMs();
            next = schedule.next();
            prefetchOne();
        }
        arm();
    }

    private void arrive(ArrivalSchedule.Arrival arrival, long now) {
        Counters counters = lane.counters();
        if (lane.userCount() >= segment.maxUsers()) {
            counters.arrivalsDropped++;
            return;
        }
        long due = due(arrival);
        if (now - due > TimeUnit.MILLISECONDS.toNanos(Counters.LATE_MS)) {
            counters.arrivalsLate++;
        }
        lane.newUser((int) arrival.index(), 0, false).startNow(due);
    }

    private long due(ArrivalSchedule.Arrival arrival) {
        return lane.startNanos() + (long) (arrival.atMs() * 1e6);
    }

    /** The arrivals of the window's first second: a user that ends hands its connection to a later arrival. */
    @Override
    public int earlyUsers(long windowMs) {
        ArrivalSchedule ahead = new ArrivalSchedule(lane.setup().plan().load(), segment);
        int early = 0;
        for (ArrivalSchedule.Arrival a = ahead.next(); a != null && a.atMs() < Math.min(windowMs, 1_000)
                && early < segment.maxUsers(); a = ahead.next()) {
            early++;
        }
        return early;
    }

    @Override
    public void end() {
        ended = true;
        lane.vertx().cancelTimer(timer);
    }

    @Override
    public boolean moreToCome() {
        return !ended;
    }
}
