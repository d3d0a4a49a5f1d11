package io.stampede.check;

import java.util.Locale;

/** Formats microseconds as milliseconds for failure reasons. */
final class Millis {
    private Millis() {
    }

    /**
     * Whole milliseconds from 10 ms on, tenths below; rounded up, so a value over a limit never
     * reads as equal to it ("latency 3001ms over 3000ms", not "3000ms over 3000ms").
     */
    static String format(long micros) {
        return micros >= 10_000 ? ceilDiv(micros, 1000) + "ms" : String.format(Locale.ROOT, "%.1fms", ceilDiv(micros, 100) / 10.0);
    }

    private static long ceilDiv(long micros, long unit) {
        return micros <= 0 ? 0 : (micros + unit - 1) / unit;
    }
}
