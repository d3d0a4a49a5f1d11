package io.stampede.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.stream.Collectors;

import io.stampede.results.Summary;

/** The summary table's goodput and pass^k lines: good conversations, why the others were not, and reliability over attempts. */
final class GoodputLines {
    private GoodputLines() {
    }

    static void print(Summary s, PrintStream out) {
        Summary.Goodput g = s.goodput();
        if (g != null) {
            out.printf(Locale.ROOT, "%ngoodput %.2f%% [%.2f–%.2f]: %d good of %d conversations, %.2f good/s%s%n", g.share(),
                    g.shareLow(), g.shareHigh(), g.good(), g.completed(), g.perSecond(),
                    g.costPerGood() == null ? "" : String.format(Locale.ROOT, ", %.5f %s per good conversation", g.costPerGood(),
                            s.cost() == null ? "" : s.cost().currency()));
            g.reasons().stream().limit(5).forEach(r -> out.printf(Locale.ROOT, "  not good %d×: %s%n", r.count(), r.reason()));
        }
        Summary.PassK p = s.passK();
        if (p != null) {
            out.printf(Locale.ROOT, "pass^%d %.1f%% over %d tasks (pass^1..%d: %s)%n", p.k(), p.passK(), p.tasks(), p.k(),
                    p.curve().stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).collect(Collectors.joining(" ")));
            p.steps().forEach(step -> out.printf(Locale.ROOT, "  step %s pass^%d %.1f%%%n", step.step(), p.k(), step.passK()));
        }
    }
}
