package io.stampede.cluster;

import java.util.List;
import java.util.Locale;

/**
 * Whether a run fits the workers there are: each worker holds at most its capacity in users at
 * once (a user is a socket, and a worker's capacity is bounded by its file limit), so a run of
 * more users than the workers hold together would fail its connects one by one. It is refused
 * instead, with the numbers.
 */
public final class ClusterCapacity {
    private ClusterCapacity() {
    }

    /** The users {@code workers} hold together. */
    public static long of(List<WorkerInfo> workers) {
        return workers.stream().mapToLong(w -> Math.max(0, w.capacity())).sum();
    }

    /**
     * Null when {@code users} fit {@code workers}; else the sentence that says by how much they
     * do not ("needs 60,000 users; 3 workers hold 58,500: add a worker or lower users").
     */
    public static String shortfall(int users, List<WorkerInfo> workers) {
        long held = of(workers);
        if (users <= held) {
            return null;
        }
        int n = workers.size();
        return String.format(Locale.ROOT, "needs %,d users; %s hold%s %,d: add a worker or lower users", users,
                n == 1 ? "1 worker" : n + " workers", n == 1 ? "s" : "", held);
    }
}
