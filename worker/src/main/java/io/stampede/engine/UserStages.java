package io.stampede.engine;

import io.stampede.load.LoadProfile;
import io.stampede.wire.SlicePlan;

/**
 * The closed model with stages: user {@code i} runs while the global target is above {@code i};
 * when the target falls below, the user ends after its conversation (graceful ramp-down).
 * Checked every {@link #CHECK_MS}, so users start within that of their moment.
 */
final class UserStages implements LoadModel {
    static final long CHECK_MS = 100;

    private final Lane lane;
    private final VirtualUser[] staged;
    private long timer = -1;
    private boolean ended;

    UserStages(Lane lane) {
        this.lane = lane;
        this.staged = new VirtualUser[lane.setup().last() - lane.setup().first()];
    }

    @Override
    public void begin() {
        follow();
    }

    private void follow() {
        if (lane.loadEnded()) {
            ended = true;
            lane.maybeFinish();
            return;
        }
        long now = System.nanoTime();
        long ms = (now - lane.startNanos()) / 1_000_000;
        if (ms >= 0) {
            LoadProfile load = lane.setup().plan().load();
            int target = (int) Math.floor(load.targetAt(ms) + 1e-9);
            SlicePlan plan = lane.setup().plan();
            int first = lane.setup().first();
            for (int k = first; k < lane.setup().last(); k++) {
                int id = plan.userAt(k);
                VirtualUser user = staged[k - first];
                if (id < target) {
                    if (user == null || user.isDone()) {
                        boolean again = user != null;
                        if (again) {
                            lane.counters().usersFinished--; // a user counts once: back up, it is running again
                        }
                        user = lane.newUser(id, again ? user.completed() : plan.doneAt(k), again || plan.startedAt(k));
                        staged[k - first] = user;
                        user.startNow(now);
                    } else {
                        user.retire(false);
                    }
                } else if (user != null && !user.isDone()) {
                    user.retire(true);
                }
            }
        }
        timer = lane.vertx().setTimer(CHECK_MS, id -> follow());
    }

    @Override
    public int earlyUsers(long windowMs) {
        LoadProfile load = lane.setup().plan().load();
        double peak = 0;
        for (long ms = 0; ms <= windowMs; ms += CHECK_MS) {
            peak = Math.max(peak, load.targetAt(ms));
        }
        SlicePlan plan = lane.setup().plan();
        int early = 0;
        for (int k = lane.setup().first(); k < lane.setup().last(); k++) {
            if (plan.userAt(k) < peak) {
                early++;
            }
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
