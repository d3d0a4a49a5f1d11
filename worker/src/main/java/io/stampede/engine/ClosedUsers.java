package io.stampede.engine;

import java.util.concurrent.TimeUnit;

import io.stampede.wire.SlicePlan;

/**
 * The closed model: every user of the lane at its place on the ramp, from the global index, so
 * all workers together ramp as one curve. A user taken over from a lost worker whose time has
 * passed starts at once.
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
        long rampNanos = TimeUnit.MILLISECONDS.toNanos(plan.load().rampUpMs());
        for (int k = lane.setup().first(); k < lane.setup().last(); k++) {
            int id = plan.userAt(k);
            VirtualUser user = lane.newUser(id, plan.doneAt(k));
            user.scheduleStart(lane.startNanos() + rampNanos * id / plan.load().users());
        }
        started = true;
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
