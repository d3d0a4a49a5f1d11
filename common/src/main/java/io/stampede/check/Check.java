package io.stampede.check;

import java.util.Optional;

/**
 * One condition on the last response of a step ({@code assert:} / {@code expect:}). A check is
 * immutable, built once from the scenario, and evaluated on the user's event loop, so it must
 * be cheap and must not block.
 */
public interface Check {
    /** The YAML key of this check, e.g. {@code response_contains}. */
    String kind();

    /** Empty when the check holds, else what went wrong in a plain sentence, with the values seen. */
    Optional<String> verify(Observation observation);

    /**
     * How a failure is counted in reports: the same text for every failure of the same kind,
     * whatever the value seen (a latency, a reply excerpt), so a step's failures group into a
     * few lines instead of one per request; the full {@code detail} goes to the sampled events.
     * Checks whose details hold only a bounded set of values keep the detail.
     */
    default String reason(String detail) {
        return detail;
    }

    /** How reports name it within its step: the block it was written in and its kind, e.g. {@code expect.intent}. */
    default String label() {
        return kind();
    }

    /**
     * Why this check cannot be judged on {@code observation} (it is then <em>not evaluated</em>:
     * neither passed nor failed), or empty when it can. E.g. {@code expected_reply} on a turn whose
     * dataset recorded no reply.
     */
    default Optional<String> notApplicable(Observation observation) {
        return Optional.empty();
    }

    /**
     * True for a check decided after the step by the worker, asynchronously (the LLM judge), not
     * by {@link #verify}.
     */
    default boolean deferred() {
        return false;
    }

    /**
     * What this check reads of the response's body: nothing (it reads the status, the latency,
     * what the protocol mapped…), its text, or its parsed JSON. A plain {@code request} whose checks
     * and extractions read nothing of it never keeps its body.
     */
    default Reads reads() {
        return Reads.NOTHING;
    }

    /** What a check or an extraction needs of a response's body, from least to most. */
    enum Reads {
        NOTHING, TEXT, JSON;

        /** The more demanding of the two. */
        public Reads and(Reads other) {
            return compareTo(other) >= 0 ? this : other;
        }
    }

    /** The check itself, when this one only says where it was written. */
    default Check unwrap() {
        return this;
    }

    /** The part of a detail before its first {@code ": "}: for details shaped "what: the value seen". */
    static String beforeValue(String detail) {
        int colon = detail.indexOf(": ");
        return colon < 0 ? detail : detail.substring(0, colon);
    }
}
