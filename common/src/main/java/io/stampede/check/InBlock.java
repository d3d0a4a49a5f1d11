package io.stampede.check;

import java.util.Optional;

/**
 * A check as written under a step's {@code expect:} or {@code assert:}: the same check, named
 * {@code expect.intent} or {@code assert.intent} in reports, so the two blocks of one step list
 * apart even when they hold a check of the same kind.
 */
public record InBlock(String block, Check check) implements Check {

    @Override
    public String kind() {
        return check.kind();
    }

    @Override
    public Optional<String> verify(Observation observation) {
        return check.verify(observation);
    }

    @Override
    public String reason(String detail) {
        return check.reason(detail);
    }

    @Override
    public Optional<String> notApplicable(Observation observation) {
        return check.notApplicable(observation);
    }

    @Override
    public boolean deferred() {
        return check.deferred();
    }

    @Override
    public Reads reads() {
        return check.reads();
    }

    @Override
    public String label() {
        return block + "." + check.kind();
    }

    @Override
    public Check unwrap() {
        return check;
    }
}
