package io.stampede.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.stampede.metrics.Percentiles;
import io.stampede.results.Summary;

/**
 * Compares a candidate run with a base run, metric by metric, from their summaries alone.
 *
 * <p>Each metric has a direction and a tolerance kind: latency, tokens and cost are worse when
 * higher (a relative tolerance, plus a floor in ms for latency); success and pass rates are worse
 * when lower (a tolerance in percentage points); counts and throughput are shown but never judged,
 * since they follow from how long and how hard a run was driven. Tokens and cost are compared per
 * execution (per conversation, step run or node call), so runs of different lengths compare.
 */
public final class Comparer {
    private enum Kind { LATENCY, RATE, AMOUNT, INFO }

    private final CompareOptions options;
    private final List<Comparison.Line> lines = new ArrayList<>();

    private Comparer(CompareOptions options) {
        this.options = options;
    }

    public static Comparison compare(Summary base, Summary candidate, CompareOptions options) {
        Comparer c = new Comparer(options);
        c.run(base, candidate);
        c.subjects("step", names(base.steps(), Summary.StepLine::name), names(candidate.steps(), Summary.StepLine::name), c::step);
        c.subjects("node", names(base.nodes(), Summary.NodeLine::name), names(candidate.nodes(), Summary.NodeLine::name), c::node);
        c.subjects("check", names(base.checks(), Comparer::checkName), names(candidate.checks(), Comparer::checkName), c::check);
        List<String> notes = new ArrayList<>();
        if (!base.scenario().equals(candidate.scenario())) {
            notes.add("the runs are of different scenarios (" + base.scenario() + ", " + candidate.scenario() + "): steps are matched by name");
        }
        for (Summary s : List.of(base, candidate)) {
            if (!"done".equals(s.status())) {
                notes.add("run " + s.runId() + " ended " + s.status() + (s.reason() == null ? "" : " (" + s.reason() + ")"));
            }
        }
        int regressions = (int) c.lines.stream().filter(Comparison.Line::regression).count();
        return new Comparison(ref(base), ref(candidate), options, List.copyOf(c.lines), regressions, regressions > 0, notes);
    }

    private static Comparison.RunRef ref(Summary s) {
        return new Comparison.RunRef(s.runId(), s.scenario(), s.startedAt(), s.status(), s.users() == null ? 0 : s.users().target(),
                s.durationS());
    }

    private static <T> Map<String, T> names(List<T> items, Function<T, String> name) {
        Map<String, T> byName = new LinkedHashMap<>();
        if (items != null) {
            items.forEach(i -> byName.putIfAbsent(name.apply(i), i));
        }
        return byName;
    }

    private static String checkName(Summary.CheckLine c) {
        return c.step() + "/" + c.check();
    }

    private interface SubjectComparison<T> {
        void compare(String name, T base, T candidate);
    }

    /** Subjects in the base's order, then those only in the candidate. */
    private <T> void subjects(String scope, Map<String, T> base, Map<String, T> candidate, SubjectComparison<T> each) {
        base.forEach((name, b) -> each.compare(name, b, candidate.get(name)));
        candidate.forEach((name, c) -> {
            if (!base.containsKey(name)) {
                each.compare(name, null, c);
            }
        });
    }

    private void run(Summary b, Summary c) {
        String s = "run";
        String n = "all";
        add(s, n, "success rate", Kind.RATE, b.successRate(), c.successRate());
        add(s, n, "request success rate", Kind.RATE, requestSuccess(b), requestSuccess(c));
        latencies(s, n, b.latencyMs(), c.latencyMs());
        if (b.ttftMs() != null || c.ttftMs() != null) {
            add(s, n, "TTFT p50", Kind.LATENCY, pick(b.ttftMs(), Percentiles::p50), pick(c.ttftMs(), Percentiles::p50));
            add(s, n, "TTFT p95", Kind.LATENCY, pick(b.ttftMs(), Percentiles::p95), pick(c.ttftMs(), Percentiles::p95));
        }
        add(s, n, "tokens per conversation", Kind.AMOUNT, b.tokens() == null ? null : b.tokens().perConversation(),
                c.tokens() == null ? null : c.tokens().perConversation());
        if (b.cost() != null || c.cost() != null) {
            add(s, n, "cost per conversation", Kind.AMOUNT, b.cost() == null ? null : b.cost().perConversation(),
                    c.cost() == null ? null : c.cost().perConversation());
        }
        add(s, n, "requests/s", Kind.INFO, b.requests() == null ? null : b.requests().rps(), c.requests() == null ? null : c.requests().rps());
    }

    private static Double requestSuccess(Summary s) {
        return s.requests() == null || s.requests().count() == 0 ? null : 100 - s.requests().errorRate();
    }

    private void step(String name, Summary.StepLine b, Summary.StepLine c) {
        b = ran(b);
        c = ran(c);
        add("step", name, "count", Kind.INFO, b == null ? null : (double) b.count(), c == null ? null : (double) c.count());
        add("step", name, "success rate", Kind.RATE, b == null ? null : b.successRate(), c == null ? null : c.successRate());
        latencies("step", name, b == null ? null : b.latencyMs(), c == null ? null : c.latencyMs());
        if ((b != null && b.ttftMs() != null) || (c != null && c.ttftMs() != null)) {
            add("step", name, "TTFT p95", Kind.LATENCY, b == null ? null : pick(b.ttftMs(), Percentiles::p95),
                    c == null ? null : pick(c.ttftMs(), Percentiles::p95));
        }
        add("step", name, "tokens per run", Kind.AMOUNT, b == null ? null : per(b.inputTokens() + b.outputTokens(), b.count()),
                c == null ? null : per(c.inputTokens() + c.outputTokens(), c.count()));
        if ((b != null && b.cost() != null) || (c != null && c.cost() != null)) {
            add("step", name, "cost per run", Kind.AMOUNT, b == null || b.cost() == null ? null : per(b.cost(), b.count()),
                    c == null || c.cost() == null ? null : per(c.cost(), c.count()));
        }
    }

    /** A step that never ran counts as absent on that side. */
    private static Summary.StepLine ran(Summary.StepLine s) {
        return s == null || s.count() == 0 ? null : s;
    }

    private void node(String name, Summary.NodeLine b, Summary.NodeLine c) {
        add("node", name, "count", Kind.INFO, b == null ? null : (double) b.count(), c == null ? null : (double) c.count());
        add("node", name, "success rate", Kind.RATE, b == null ? null : b.successRate(), c == null ? null : c.successRate());
        latencies("node", name, b == null ? null : b.latencyMs(), c == null ? null : c.latencyMs());
        add("node", name, "tokens per call", Kind.AMOUNT, b == null ? null : per(b.tokens(), b.count()),
                c == null ? null : per(c.tokens(), c.count()));
    }

    private void check(String name, Summary.CheckLine b, Summary.CheckLine c) {
        add("check", name, "pass rate", Kind.RATE, b == null ? null : b.passRate(), c == null ? null : c.passRate());
    }

    private void latencies(String scope, String name, Percentiles b, Percentiles c) {
        add(scope, name, "p50", Kind.LATENCY, pick(b, Percentiles::p50), pick(c, Percentiles::p50));
        add(scope, name, "p95", Kind.LATENCY, pick(b, Percentiles::p95), pick(c, Percentiles::p95));
        add(scope, name, "p99", Kind.LATENCY, pick(b, Percentiles::p99), pick(c, Percentiles::p99));
    }

    private static Double pick(Percentiles p, Function<Percentiles, Double> f) {
        return p == null || p.count() == 0 ? null : f.apply(p);
    }

    private static Double per(double total, long count) {
        return count == 0 ? null : Math.round(total / count * 1e6) / 1e6;
    }

    private void add(String scope, String name, String metric, Kind kind, Double base, Double candidate) {
        if ((base == null && candidate == null) || (kind == Kind.AMOUNT && zero(base) && zero(candidate))) {
            return; // nothing to say: e.g. tokens of a node that never uses any
        }
        String unit = switch (kind) {
            case LATENCY -> "ms";
            case RATE -> "%";
            default -> metric.startsWith("cost") ? "USD" : "";
        };
        String better = kind == Kind.RATE || metric.equals("requests/s") ? "higher" : "lower";
        if (base == null || candidate == null) {
            lines.add(new Comparison.Line(scope, name, metric, unit, base, candidate, null, null, better,
                    base == null ? "new" : "gone", false));
            return;
        }
        double delta = round(candidate - base);
        Double deltaPct = base == 0 ? null : round(100.0 * (candidate - base) / base);
        String verdict = verdict(kind, base, candidate);
        lines.add(new Comparison.Line(scope, name, metric, unit, base, candidate, delta, deltaPct, better, verdict,
                verdict.equals("regression")));
    }

    private String verdict(Kind kind, double base, double candidate) {
        return switch (kind) {
            case INFO -> "same";
            case RATE -> candidate < base - options.rateTolerancePoints() ? "regression"
                    : candidate > base + options.rateTolerancePoints() ? "improvement" : "same";
            case LATENCY, AMOUNT -> {
                double floor = kind == Kind.LATENCY ? options.minLatencyDeltaMs() : 0;
                double allowed = base * options.tolerancePct() / 100.0;
                if (candidate - base > Math.max(allowed, floor) || (base == 0 && candidate > floor)) {
                    yield "regression";
                }
                yield base - candidate > Math.max(allowed, floor) ? "improvement" : "same";
            }
        };
    }

    private static boolean zero(Double v) {
        return v == null || v == 0;
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
