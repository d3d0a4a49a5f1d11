package io.stampede.cli;

import java.io.PrintStream;
import java.util.Locale;

import io.stampede.results.Summary;

/**
 * The summary table's lines of the models Stampede itself called (the simulated user, the judge):
 * apart from the agent's figures, with how long their calls waited for their concurrency limit —
 * their lag, shown as the generator's is.
 */
final class HelperLines {
    private HelperLines() {
    }

    static void print(Summary s, PrintStream out) {
        line(out, "simulated user", s.simulator(), s);
        line(out, "judge", s.judge(), s);
    }

    private static void line(PrintStream out, String what, Summary.Helper h, Summary s) {
        if (h == null) {
            return;
        }
        out.printf(Locale.ROOT, "%s%s: %d calls%s, %d failed, latency p95 %s, waited p95 %s, tokens %d in / %d out%s"
                        + " (not in the agent's figures)%n", what, h.model() == null ? "" : " " + h.model(), h.calls(),
                h.cached() == null ? "" : " + " + h.cached() + " cached", h.errors(),
                h.latencyMs() == null ? "–" : TerminalProgress.millis(h.latencyMs().p95()),
                h.waitMs() == null ? "–" : TerminalProgress.millis(h.waitMs().p95()), h.inputTokens(), h.outputTokens(),
                h.cost() == null ? "" : String.format(Locale.ROOT, ", cost %.4f %s", h.cost(), s.cost() == null ? "USD" : s.cost().currency()));
        h.failures().stream().limit(3).forEach(f -> out.printf(Locale.ROOT, "  %s failed %d×: %s%n", what, f.count(), f.reason()));
    }
}
