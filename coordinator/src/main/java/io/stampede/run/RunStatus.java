package io.stampede.run;

import java.util.Locale;

/** {@code pending → running → (stopping) → done | failed | aborted}. */
public enum RunStatus {
    PENDING, RUNNING, STOPPING, DONE, FAILED, ABORTED;

    public boolean isFinal() {
        return this == DONE || this == FAILED || this == ABORTED;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
