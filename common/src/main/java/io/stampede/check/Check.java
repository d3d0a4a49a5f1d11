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

    /** Empty when the check holds, else the reason in a plain sentence (it reaches the report). */
    Optional<String> verify(Observation observation);
}
