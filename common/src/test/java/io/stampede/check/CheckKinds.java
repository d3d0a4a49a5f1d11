package io.stampede.check;

import java.util.Optional;

/** Builds checks the way the loader does: kind plus the YAML value as plain Java. */
final class CheckKinds {
    private CheckKinds() {
    }

    static Check check(String kind, Object yamlValue) {
        return Checks.create(kind, new CheckArgument(yamlValue));
    }

    /** The failure reason, or empty when the check holds. */
    static Optional<String> verify(String kind, Object yamlValue, Seen seen) {
        return check(kind, yamlValue).verify(seen.get());
    }
}
