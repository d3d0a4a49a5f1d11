package io.stampede.run;

import java.util.Locale;

/** {@code starting → running → finished}, or {@code failed} (never started) or {@code lost} (its worker was). */
enum SliceStatus {
    STARTING, RUNNING, FINISHED, FAILED, LOST;

    /** Still counted on: started or about to. */
    boolean isLive() {
        return this == STARTING || this == RUNNING;
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
