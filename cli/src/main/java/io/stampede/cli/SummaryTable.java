package io.stampede.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.stampede.metrics.Percentiles;
import io.stampede.results.Summary;

/** The end-of-run table: conversations, each step and node with its percentiles, thresholds. */
final class SummaryTable {
    private SummaryTable() {
    }

    /** The table; the caller says where the results are and ends with the verdict. */
    static void print(Summary s, PrintStream out, Terminal terminal) {
        out.printf(Locale.ROOT, "%nRun %s  scenario %s  %s in %.1fs%s%n", s.runId(), s.scenario(), s.status(), s.durationS(),
                s.reason() == null ? "" : " (" + s.reason() + ")");
        Summary.Conversations c = s.conversations();
        Summary.Arrivals a = s.arrivals();
        if (a == null) {
            out.printf(Locale.ROOT, "users %d started of %d", s.users().started(), s.users().target());
        } else {
            // Open model: arrivals and concurrency are different things; max_users caps the second only.
            out.printf(Locale.ROOT, "arrivals %d of %d planned (%d dropped, %d late)  users at once up to %d (max_users %d)",
                    a.started(), a.planned(), a.dropped(), a.late(), a.usersActiveMax(), a.maxUsers());
        }
        out.printf(Locale.ROOT, "  conversations %d: %d ok, %d failed, %d interrupted  success %.2f%%%n",
                c.started(), c.succeeded(), c.failed(), c.interrupted(), s.successRate());
        out.printf(Locale.ROOT, "requests %d  errors %d (%.2f%%)  %.1f req/s  tokens %d%s%s%n%n", s.requests().count(),
                s.requests().errors(), s.requests().errorRate(), s.requests().rps(), s.tokens().total(), countedWith(s.tokens()),
                s.cost() == null ? "" : String.format(Locale.ROOT, "  cost %.4f %s", s.cost().total(), s.cost().currency()));
        String format = "%-28s %8s %7s %9s %9s %9s %9s %9s%n";
        out.printf(Locale.ROOT, format, "", "count", "errors", "p50", "p90", "p95", "p99", "max");
        row(out, format, "all steps", s.requests().count(), s.requests().errors(), s.latencyMs());
        for (Summary.StepLine step : s.steps()) {
            row(out, format, "step " + step.name(), step.count(), step.errors(), step.latencyMs());
        }
        for (Nested n : treeOrder(s.nodes())) {
            row(out, format, "  ".repeat(n.depth()) + "node " + n.node().name(), n.node().count(), n.node().errors(),
                    n.node().latencyMs());
        }
        if (s.ttftMs() != null) {
            row(out, format, "time to first token", s.ttftMs().count(), 0, s.ttftMs());
        }
        for (Summary.StepLine step : s.steps()) {
            if (step.ttftMs() != null) {
                row(out, format, "ttft " + step.name(), step.ttftMs().count(), 0, step.ttftMs());
            }
            if (step.itlMs() != null) {
                row(out, format, "inter-token " + step.name(), step.itlMs().count(), 0, step.itlMs());
            }
            if (step.tpotMs() != null) {
                row(out, format, "per output token " + step.name(), step.tpotMs().count(), 0, step.tpotMs());
            }
        }
        for (Summary.StepLine step : s.steps()) {
            for (Summary.Failure f : step.failures().stream().limit(3).toList()) {
                out.printf(Locale.ROOT, "  %s failed %d×: %s%n", step.name(), f.count(), f.reason());
            }
        }
        GoodputLines.print(s, out);
        if (!s.thresholds().isEmpty()) {
            out.println();
            boolean judged = s.status().equals("done");
            out.println(judged ? "thresholds:" : "thresholds on the partial results (not judged):");
            for (Summary.ThresholdResult t : s.thresholds()) {
                String mark = t.passed() ? "PASS" : "FAIL";
                out.printf(Locale.ROOT, "  %s  %s%n", !judged ? mark : t.passed() ? terminal.good(mark) : terminal.bad(mark), t.message());
            }
        }
        Summary.Generator g = s.generator();
        if (g != null || s.simulator() != null || s.judge() != null) {
            out.println();
        }
        HelperLines.print(s, out);
        if (g != null) {
            out.printf(Locale.ROOT, "generator: event-loop lag p50 %.1f ms, p99 %.1f ms%s; behind in %d of %d s%s%n", g.lagMs().p50(),
                    g.lagMs().p99(), g.cpuMax() == null ? "" : String.format(Locale.ROOT, ", CPU up to %.0f%%", g.cpuMax() * 100),
                    g.secondsBehind(), g.seconds(), g.bottleneck() ? " — THE GENERATOR WAS THE BOTTLENECK" : "");
        }
        s.notes().stream().filter(n -> !n.equals(s.reason())).forEach(n -> out.println("note: " + n));
    }

    private record Nested(Summary.NodeLine node, int depth) {
    }

    /** Nodes each under the type it ran inside most often (from the agent's spans), as the report shows them. */
    private static List<Nested> treeOrder(List<Summary.NodeLine> nodes) {
        Map<String, Summary.NodeLine> byName = new LinkedHashMap<>();
        nodes.forEach(n -> byName.put(n.name(), n));
        List<Nested> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Summary.NodeLine n : nodes) {
            if (n.parent() == null || !byName.containsKey(n.parent())) {
                walk(n, 0, nodes, out, seen);
            }
        }
        nodes.forEach(n -> walk(n, 0, nodes, out, seen)); // a cycle of parents: at the top
        return out;
    }

    private static void walk(Summary.NodeLine node, int depth, List<Summary.NodeLine> nodes, List<Nested> out, Set<String> seen) {
        if (!seen.add(node.name())) {
            return;
        }
        out.add(new Nested(node, depth));
        for (Summary.NodeLine child : nodes) {
            if (node.name().equals(child.parent())) {
                walk(child, depth + 1, nodes, out, seen);
            }
        }
    }

    private static void row(PrintStream out, String format, String name, long count, long errors, Percentiles p) {
        String label = name.length() > 28 ? name.substring(0, 27) + "…" : name;
        if (p == null) {
            out.printf(Locale.ROOT, format, label, count, errors, "", "", "", "", "");
            return;
        }
        out.printf(Locale.ROOT, format, label, count, errors, TerminalProgress.millis(p.p50()), TerminalProgress.millis(p.p90()),
                TerminalProgress.millis(p.p95()), TerminalProgress.millis(p.p99()), TerminalProgress.millis(p.max()));
    }

    /** What the token figures rest on when Stampede counted some of them: {@code (counted: o200k_base)}. */
    static String countedWith(Summary.Tokens tokens) {
        String output = tokens.countedWith() == null ? null : tokens.countedWith().get("output");
        return output == null || output.equals("reported") ? "" : " (counted: " + output + ")";
    }
}
