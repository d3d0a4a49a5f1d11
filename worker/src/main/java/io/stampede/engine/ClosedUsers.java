package io.stampede.engine;

import java.util.concurrent.TimeUnit;

import io.stampede.wire.SlicePlan;

/**
 * The closed model: every user of the lane at its place on the ramp, from the global index, so
 * all workers together ramp as one curve. Users taken over from a lost worker start at the
 * takeover instant instead, spread over {@link SlicePlan#TAKEOVER_SPREAD_MS} like a short ramp:
 * their old places on the ramp are in the past, and a start (and latency) counted from there
 * would bill the loss to the agent.
 */
final class ClosedUsers implements LoadModel {
    private final Lane lane;
    private boolean started;

    ClosedUsers(Lane lane) {
        this.lane = lane;
    }

    @Override
    public void begin() {
        SlicePlan plan = lane.setup().plan();
        int first = lane.setup().first();
        int count = lane.setup().last() - first;
        long rampNanos = TimeUnit.MILLISECONDS.toNanos(plan.load().rampUpMs());
        long takeoverFrom = Math.max(System.nanoTime(), lane.startNanos());
        long spreadNanos = TimeUnit.MILLISECONDS.toNanos(SlicePlan.TAKEOVER_SPREAD_MS);
        for (int k = first; k < lane.setup().last(); k++) {
            int id = plan.userAt(k);
            VirtualUser user = lane.newUser(id, plan.doneAt(k), plan.startedAt(k));
            user.scheduleStart(plan.isTakeover() ? takeoverFrom + spreadNanos * (k - first) / count
                    : lane.startNanos() + rampNanos * id / plan.load().users());
        }
        started = true;
    }

    @Override
    public int earlyUsers(long windowMs) {
        SlicePlan plan = lane.setup().plan();
        if (plan.isTakeover()) {
            return lane.setup().last() - lane.setup().first(); // all within the takeover spread
        }
        long rampMs = plan.load().rampUpMs();
        int early = 0;
        for (int k = lane.setup().first(); k < lane.setup().last(); k++) {
            if (rampMs * plan.userAt(k) / plan.load().users() < windowMs) {
                early++;
            }
        }
        return early;
    }

    @Override
    public void end() {
        // every user is scheduled at the start; the lane interrupts those that have not begun
    }

    @Override
    public boolean moreToCome() {
        return !started;
    }
}
