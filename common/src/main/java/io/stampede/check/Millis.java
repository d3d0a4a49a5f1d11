package io.stampede.check;

import java.util.Locale;

/** Formats microseconds as milliseconds for failure reasons. */
final class Millis {
    private Millis() {
    }

    static String format(long micros) {
        return micros >= 10_000 ? (micros / 1000) + "ms" : String.format(Locale.ROOT, "%.1fms", micros / 1000.0);
    }
}
