package io.stampede.run;

import java.util.ArrayList;
import java.util.List;

import io.stampede.results.Summary;
import io.stampede.results.SummaryBuilder;

/**
 * What lost workers have cost one run so far: its degraded times, the conversations begun again
 * elsewhere, and the handovers still under way (the run must not end before they are in place).
 * Lives on the coordinator's context.
 */
final class RunLosses {
    private final List<Degradation> degradations = new ArrayList<>();
    private final List<Summary.Joined> joined = new ArrayList<>();
    private long conversationsRestarted;
    private long usersLost;
    private int pendingHandovers;

    /** A new degraded time: {@code workerId} was lost just now. */
    Degradation degraded(String workerId, String policy) {
        Degradation d = new Degradation(workerId, policy, System.currentTimeMillis());
        degradations.add(d);
        return d;
    }

    /** A worker joined the running run and takes {@code users} from {@code fromSecond} on. */
    void joined(String workerId, long fromSecond, long users) {
        joined.add(new Summary.Joined(workerId, java.time.Instant.now().toString(), fromSecond, users));
    }

    /** Workers that joined and take load from second {@code second} on. */
    int joinedAt(long second) {
        return (int) joined.stream().filter(j -> j.fromSecond() == second).count();
    }

    /** {@code users} a lost worker left unfinished will not run anywhere else. */
    void usersLost(long users) {
        usersLost += users;
    }

    /** {@code conversations} cut by a loss are begun again by the users taken over. */
    void restarted(long conversations) {
        conversationsRestarted += conversations;
    }

    void handoverPending(boolean pending) {
        pendingHandovers += pending ? 1 : -1;
    }

    boolean handoversPending() {
        return pendingHandovers > 0;
    }

    /** True when {@code [fromMs, toMs)} overlaps a degraded time (one still open counts until {@code nowMs}). */
    boolean degradedDuring(long fromMs, long toMs, long nowMs) {
        return degradations.stream().anyMatch(d -> d.overlaps(fromMs, toMs, nowMs));
    }

    /**
     * For the summary, as of {@code nowMs}: {@code lostConversations} and {@code extraUsersLost}
     * (what a coordinator's own end would cut) come from the caller, the rest from the losses.
     */
    SummaryBuilder.Losses toSummary(long extraUsersLost, long lostConversations, long nowMs) {
        return new SummaryBuilder.Losses(usersLost + extraUsersLost, lostConversations, conversationsRestarted,
                degradations.stream().map(d -> d.line(nowMs)).toList(), List.copyOf(joined));
    }
}
