package io.stampede.run;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.stampede.wire.SlicePlan;
import io.stampede.wire.UserProgress;

/**
 * One slice of a run as the coordinator follows it: where it runs, its report sources, its
 * status, and how far each of its users got (from the reports), so that when its worker is
 * lost exactly the unfinished users can go elsewhere, each with the conversations it has left
 * and without being counted as started twice.
 */
final class SliceState {
    final String sliceId;
    final String workerId;
    /** The slice's part; an open-model slice's segment changes when a worker joins the run and takes some of it. */
    SlicePlan plan;
    List<String> sources = List.of();
    SliceStatus status = SliceStatus.STARTING;
    long clockOffsetMs;
    private final int[] completed;
    private final BitSet started;
    private final BitSet finished;
    /** Users given up to a worker that joined the run: they never ran here. */
    private final BitSet withdrawn;
    private final Map<Integer, Integer> positionOfUser;

    SliceState(String sliceId, String workerId, SlicePlan plan) {
        this.sliceId = sliceId;
        this.workerId = workerId;
        this.plan = plan;
        int n = plan.userCount();
        this.completed = new int[n];
        this.started = new BitSet(n);
        this.finished = new BitSet(n);
        this.withdrawn = new BitSet(n);
        this.positionOfUser = plan.users() == null ? null : new HashMap<>();
        for (int k = 0; k < n; k++) {
            completed[k] = plan.doneAt(k);
            started.set(k, plan.startedAt(k));
            if (positionOfUser != null) {
                positionOfUser.put(plan.userAt(k), k);
            }
        }
    }

    void record(List<UserProgress> progress) {
        if (progress == null) {
            return;
        }
        for (UserProgress p : progress) {
            int k = position(p.user());
            if (k >= 0) {
                completed[k] = Math.max(completed[k], p.conversations());
                started.set(k);
                finished.set(k, p.finished()); // the latest word: a user of stages may run again
            }
        }
    }

    private int position(int user) {
        if (positionOfUser != null) {
            return positionOfUser.getOrDefault(user, -1);
        }
        int k = user - plan.userFrom();
        return k >= 0 && k < completed.length ? k : -1;
    }

    /** A user the slice had not finished: how many conversations it completed, and whether it had started. */
    record Unfinished(int user, int done, boolean started) {
    }

    /** The users that had not finished, in slice order. */
    List<Unfinished> unfinished() {
        List<Unfinished> out = new ArrayList<>();
        for (int k = 0; k < completed.length; k++) {
            if (!finished.get(k) && !withdrawn.get(k)) {
                out.add(new Unfinished(plan.userAt(k), completed[k], started.get(k)));
            }
        }
        return out;
    }

    int users() {
        return plan.userCount() - withdrawn.cardinality();
    }

    /** {@code users} went to a worker that joined the run: this slice never ran them. */
    void withdraw(List<Integer> users) {
        for (int user : users) {
            int k = position(user);
            if (k >= 0) {
                withdrawn.set(k);
            }
        }
    }

    /** The users of this slice not given up, in slice order, with their global indexes. */
    List<Integer> kept() {
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < completed.length; k++) {
            if (!withdrawn.get(k)) {
                out.add(plan.userAt(k));
            }
        }
        return out;
    }

    /** True when user {@code k} of the slice (position) has not started by the last report. */
    boolean notStarted(int user) {
        int k = position(user);
        return k >= 0 && !started.get(k) && !withdrawn.get(k) && !finished.get(k);
    }
}
