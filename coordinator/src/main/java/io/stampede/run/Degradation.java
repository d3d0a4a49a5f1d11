package io.stampede.run;

import java.time.Instant;

import io.stampede.results.Summary;

/**
 * One loss of a worker during a run, from its detection until its users run again elsewhere
 * (or the run's end, when they never do). The run's feed, timeline and summary show it. Lives
 * on the coordinator's context.
 */
final class Degradation {
    private final String workerId;
    private final String policy;
    private final long detectedAtMs;
    private long conversationsCut;
    private int usersHandedOver;
    private long recoveredAtMs = -1;

    Degradation(String workerId, String policy, long detectedAtMs) {
        this.workerId = workerId;
        this.policy = policy;
        this.detectedAtMs = detectedAtMs;
    }

    String workerId() {
        return workerId;
    }

    void cut(long conversations) {
        conversationsCut += conversations;
    }

    long conversationsCut() {
        return conversationsCut;
    }

    void handedOver(int users) {
        usersHandedOver += users;
    }

    /** Its users all run again from {@code atMs}. */
    void recovered(long atMs) {
        recoveredAtMs = atMs;
    }

    boolean isRecovered() {
        return recoveredAtMs >= 0;
    }

    /** True when the degraded time overlaps {@code [fromMs, toMs)} of a run that ended (or is now) at {@code endMs}. */
    boolean overlaps(long fromMs, long toMs, long endMs) {
        long until = isRecovered() ? recoveredAtMs : endMs;
        return detectedAtMs < toMs && until > fromMs;
    }

    Summary.Degraded line(long runEndMs) {
        long until = isRecovered() ? recoveredAtMs : runEndMs;
        return new Summary.Degraded(workerId, policy, Instant.ofEpochMilli(detectedAtMs).toString(),
                isRecovered() ? Instant.ofEpochMilli(recoveredAtMs).toString() : null, Math.max(0, until - detectedAtMs),
                conversationsCut, usersHandedOver);
    }
}
