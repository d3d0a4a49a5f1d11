package io.stampede.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import io.stampede.feed.FeedEvent;
import io.stampede.json.Json;

/**
 * Live progress of a run from its feed's {@code progress} events: one line redrawn in place on
 * a terminal, or a plain line every few seconds when the output is a file or a pipe (CI logs).
 */
final class TerminalProgress {
    private static final int BAR = 24;
    private static final long PLAIN_EVERY_MS = 5_000;

    private final PrintStream out;
    private final boolean interactive;
    private long lastPlainMs;
    private boolean drawn;

    TerminalProgress(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /** Called from the feed (any thread); never blocks for long. */
    synchronized void onEvent(FeedEvent event) {
        if (!event.type().equals("progress")) {
            return;
        }
        Map<String, Object> p = Json.MAPPER.convertValue(Json.parse(event.json()), new TypeReference<Map<String, Object>>() { });
        String line = line(p);
        if (interactive) {
            out.print("\r" + bar(number(p, "percent")) + " " + line + "\u001b[K");
            out.flush();
            drawn = true;
        } else {
            long now = System.currentTimeMillis();
            if (now - lastPlainMs >= PLAIN_EVERY_MS) {
                lastPlainMs = now;
                out.println(line);
            }
        }
    }

    /** Ends the redrawn line so what follows starts on a fresh one. */
    synchronized void close() {
        if (drawn) {
            out.println();
            drawn = false;
        }
    }

    static String line(Map<String, Object> p) {
        double requests = number(p, "requests");
        double errors = number(p, "errors");
        double errorPct = requests == 0 ? 0 : 100 * errors / requests;
        return String.format(Locale.ROOT, "%5.1f%%  %s  users %d/%d  req/s %.0f  p95 %s  errors %d (%.1f%%)",
                number(p, "percent"), clock(number(p, "elapsed_s")), (long) number(p, "users_active"),
                (long) number(p, "users_target"), number(p, "rps"), millis(number(p, "p95_ms")), (long) errors, errorPct);
    }

    private static String bar(double percent) {
        int filled = (int) Math.round(BAR * Math.min(100, percent) / 100);
        return "[" + "=".repeat(filled) + " ".repeat(BAR - filled) + "]";
    }

    static String clock(double seconds) {
        long s = (long) seconds;
        return String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }

    static String millis(double ms) {
        if (ms >= 10_000) {
            return String.format(Locale.ROOT, "%.1fs", ms / 1000);
        }
        return ms >= 100 ? String.format(Locale.ROOT, "%.0fms", ms) : String.format(Locale.ROOT, "%.1fms", ms);
    }

    private static double number(Map<String, Object> p, String key) {
        return p.get(key) instanceof Number n ? n.doubleValue() : 0;
    }
}
