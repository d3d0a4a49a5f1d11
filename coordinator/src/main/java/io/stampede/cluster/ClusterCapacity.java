package io.stampede.cluster;

import java.util.List;
import java.util.Locale;

import io.stampede.check.Truncation;

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

    /**
     * Null when one reply of {@code maxReplyBytes} ({@code target.max_reply_bytes}) fits the reply
     * budget of every worker that advertises one (a user may land on any of them); else the
     * sentence that names the numbers. Such a run could only fail every long reply, so it is refused.
     */
    public static String replyShortfall(long maxReplyBytes, List<WorkerInfo> workers) {
        WorkerInfo smallest = workers.stream().filter(w -> w.replyBudget() > 0)
                .min(java.util.Comparator.comparingLong(WorkerInfo::replyBudget)).orElse(null);
        if (smallest == null || maxReplyBytes <= smallest.replyBudget()) {
            return null;
        }
        return "keeps up to " + Truncation.size(maxReplyBytes) + " of a reply per user (target.max_reply_bytes: "
                + maxReplyBytes + " bytes), more than worker " + smallest.workerId() + " keeps for all its users at once"
                + " (its reply budget: " + smallest.replyBudget() + " bytes, " + Truncation.size(smallest.replyBudget())
                + "): lower target.max_reply_bytes, or give the workers more heap (-Xmx) or a larger --reply-budget";
    }
}
