package io.stampede.metrics;

/**
 * Conversation and user counts over a span of time. A conversation is one pass of a user
 * through the steps; it succeeded when every step did; it is interrupted when the run ended
 * (graceful stop, abort) before it could finish, and then counts neither way.
 *
 * <p>Open model: an arrival is dropped when the concurrency cap ({@code max_users}) is reached,
 * and late when it starts more than {@link #LATE_MS} after its intended time (its latency still
 * counts from the intended time).
 */
public final class Counters {
    public long usersStarted;
    public long usersFinished;
    public long conversationsStarted;
    public long conversationsSucceeded;
    public long conversationsFailed;
    public long conversationsInterrupted;
    public long arrivalsDropped;
    public long arrivalsLate;

    /** An arrival that starts later than this after its intended time counts as late. */
    public static final long LATE_MS = 10;

    public void add(Counters o) {
        usersStarted += o.usersStarted;
        usersFinished += o.usersFinished;
        conversationsStarted += o.conversationsStarted;
        conversationsSucceeded += o.conversationsSucceeded;
        conversationsFailed += o.conversationsFailed;
        conversationsInterrupted += o.conversationsInterrupted;
        arrivalsDropped += o.arrivalsDropped;
        arrivalsLate += o.arrivalsLate;
    }

    public void reset() {
        usersStarted = 0;
        usersFinished = 0;
        conversationsStarted = 0;
        conversationsSucceeded = 0;
        conversationsFailed = 0;
        conversationsInterrupted = 0;
        arrivalsDropped = 0;
        arrivalsLate = 0;
    }

    public Counters copy() {
        Counters c = new Counters();
        c.add(this);
        return c;
    }

    public long conversationsCompleted() {
        return conversationsSucceeded + conversationsFailed;
    }
}
