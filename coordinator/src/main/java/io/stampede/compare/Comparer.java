package io.stampede.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.HdrHistogram.Histogram;

import io.stampede.metrics.MetricKey;
import io.stampede.metrics.Percentiles;
import io.stampede.report.LatencyHistory;
import io.stampede.results.Summary;
import io.stampede.stats.Holm;
import io.stampede.stats.QuantileBootstrap;
import io.stampede.stats.RankTest;
import io.stampede.stats.Sample;
import io.stampede.stats.TwoProportions;

/**
 * Compares a candidate run with one or more base runs (pooled), metric by metric, each with the
 * test that fits it (docs/REPORTS.md, "Compare"):
 *
 * <ul>
 *   <li>latency percentiles (p50, p95, p99 of the run, each step and node; TTFT; time to
 *       resolution): a bootstrap of the quantile difference from the runs' HdrHistograms
 *       ({@link QuantileBootstrap}), and the whole distribution by a rank test ({@link RankTest});</li>
 *   <li>rates (goodput, success, request success, each step's, node's and check's pass rate): the
 *       two-proportion test on their counts ({@link TwoProportions});</li>
 *   <li>tokens and cost per execution (per conversation, step run, node call; cost per good
 *       conversation): the practical floor alone, as a run's files hold their totals only;</li>
 *   <li>counts and throughput: shown, never judged — they follow from how hard a run was driven.</li>
 * </ul>
 * A line is a regression when its one-sided p-value, adjusted by Holm over every tested line, is
 * below α and its change is beyond the practical floor ({@link CompareOptions}). Tokens and cost are
 * compared per execution, so runs of different lengths compare.
 *
 * <p>Why one class of this length: every line joins one family (the drafts) that Holm adjusts
 * together and one verdict reads, and which metrics are compared sits best beside the test each
 * one gets; the statistics themselves are already apart, in stats.
 */
public final class Comparer {
    private enum Kind { LATENCY, RATE, AMOUNT, INFO }

    private static final double CONFIDENCE = 0.95;

    private final CompareOptions options;
    private final List<RunSample> bases;
    private final RunSample cand;
    private final List<Draft> drafts = new ArrayList<>();

    /** A line before the family's adjustment: its raw one-sided p-values, worse and better. */
    private static final class Draft {
        String scope;
        String name;
        String metric;
        Kind kind;
        Double base;
        Double candidate;
        String test = "none";
        Double ciLow;
        Double ciHigh;
        Double pWorse;
        Double pBetter;
        Long nBase;
        Long nCandidate;
        String effect;
    }

    private Comparer(CompareOptions options, List<RunSample> bases, RunSample candidate) {
        this.options = options;
        this.bases = bases;
        this.cand = candidate;
    }

    /** Two summaries only: rates are tested on their counts, latencies judged on the floor. */
    public static Comparison compare(Summary base, Summary candidate, CompareOptions options) {
        return compare(List.of(RunSample.of(base)), RunSample.of(candidate), options);
    }

    public static Comparison compare(List<RunSample> bases, RunSample candidate, CompareOptions options) {
        if (bases.isEmpty()) {
            throw new IllegalArgumentException("give at least one base run");
        }
        Comparer c = new Comparer(options, bases, candidate);
        c.run();
        Summary b0 = bases.get(0).summary();
        Summary cs = candidate.summary();
        c.subjects(names(b0.steps(), Summary.StepLine::name), names(cs.steps(), Summary.StepLine::name), c::step);
        c.subjects(names(b0.nodes(), Summary.NodeLine::name), names(cs.nodes(), Summary.NodeLine::name), c::node);
        c.subjects(names(b0.checks(), Comparer::checkName), names(cs.checks(), Comparer::checkName), c::check);
        return c.finish();
    }

    // ---- the metrics

    private void run() {
        String s = "run";
        String n = "all";
        Summary cs = cand.summary();
        if (anyBase(b -> b.goodput() != null) || cs.goodput() != null) {
            rate(s, n, "goodput", b -> b.goodput() == null ? null : new long[] {b.goodput().good(), b.goodput().completed()});
        }
        rate(s, n, "success rate", b -> b.conversations() == null ? null
                : new long[] {b.conversations().succeeded(), b.conversations().succeeded() + b.conversations().failed()});
        rate(s, n, "request success rate", b -> b.requests() == null || b.requests().count() == 0 ? null
                : new long[] {b.requests().count() - b.requests().errors(), b.requests().count()});
        latencies(s, n, LatencyHistory.ALL_STEPS, Summary::latencyMs, true);
        if (anyBase(b -> b.ttftMs() != null) || cs.ttftMs() != null) {
            quantile(s, n, "TTFT p50", LatencyHistory.ALL_TTFT, 0.50, Summary::ttftMs, Percentiles::p50);
            quantile(s, n, "TTFT p95", LatencyHistory.ALL_TTFT, 0.95, Summary::ttftMs, Percentiles::p95);
        }
        if (anyBase(b -> b.goodput() != null) || cs.goodput() != null) {
            Function<Summary, Percentiles> ttr = x -> x.goodput() == null ? null : x.goodput().timeToResolutionMs();
            quantile(s, n, "time to resolution p50", MetricKey.CONVERSATIONS, 0.50, ttr, Percentiles::p50);
            quantile(s, n, "time to resolution p95", MetricKey.CONVERSATIONS, 0.95, ttr, Percentiles::p95);
        }
        amount(s, n, "tokens per conversation", b -> b.tokens() == null ? null : b.tokens().perConversation());
        amount(s, n, "cost per conversation", b -> b.cost() == null ? null : b.cost().perConversation());
        amount(s, n, "cost per good conversation", b -> b.goodput() == null ? null : b.goodput().costPerGood());
        info(s, n, "requests/s", b -> b.requests() == null ? null : b.requests().rps());
    }

    private void step(String name) {
        Summary.StepLine c = ran(find(cand.summary().steps(), Summary.StepLine::name, name));
        info("step", name, "count", b -> count(ran(find(b.steps(), Summary.StepLine::name, name))));
        rate("step", name, "success rate", b -> {
            Summary.StepLine l = ran(find(b.steps(), Summary.StepLine::name, name));
            return l == null ? null : new long[] {l.count() - l.errors(), l.count()};
        });
        latencies("step", name, MetricKey.step(name), b -> {
            Summary.StepLine l = ran(find(b.steps(), Summary.StepLine::name, name));
            return l == null ? null : l.latencyMs();
        }, false);
        boolean streamed = c != null && c.ttftMs() != null
                || bases.stream().anyMatch(r -> { Summary.StepLine l = find(r.summary().steps(), Summary.StepLine::name, name);
                    return l != null && l.ttftMs() != null; });
        if (streamed) {
            quantile("step", name, "TTFT p95", MetricKey.ttft(name), 0.95, b -> {
                Summary.StepLine l = ran(find(b.steps(), Summary.StepLine::name, name));
                return l == null ? null : l.ttftMs();
            }, Percentiles::p95);
        }
        amount("step", name, "tokens per run", b -> {
            Summary.StepLine l = ran(find(b.steps(), Summary.StepLine::name, name));
            return l == null ? null : per(l.inputTokens() + l.outputTokens(), l.count());
        });
        amount("step", name, "cost per run", b -> {
            Summary.StepLine l = ran(find(b.steps(), Summary.StepLine::name, name));
            return l == null || l.cost() == null ? null : per(l.cost(), l.count());
        });
    }

    private void node(String name) {
        info("node", name, "count", b -> count(find(b.nodes(), Summary.NodeLine::name, name)));
        rate("node", name, "success rate", b -> {
            Summary.NodeLine l = find(b.nodes(), Summary.NodeLine::name, name);
            return l == null ? null : new long[] {l.count() - l.errors(), l.count()};
        });
        latencies("node", name, MetricKey.node(name), b -> {
            Summary.NodeLine l = find(b.nodes(), Summary.NodeLine::name, name);
            return l == null ? null : l.latencyMs();
        }, false);
        amount("node", name, "tokens per call", b -> {
            Summary.NodeLine l = find(b.nodes(), Summary.NodeLine::name, name);
            return l == null ? null : per(l.tokens(), l.count());
        });
    }

    private void check(String name) {
        rate("check", name, "pass rate", b -> {
            Summary.CheckLine l = find(b.checks(), Comparer::checkName, name);
            return l == null ? null : new long[] {l.count() - l.failures(), l.count()};
        });
    }

    // ---- the tests

    /** p50, p95, p99 by bootstrap, and (for the run and each step or node) the whole distribution by rank. */
    private void latencies(String scope, String name, String key, Function<Summary, Percentiles> fallback, boolean run) {
        quantile(scope, name, "p50", key, 0.50, fallback, Percentiles::p50);
        quantile(scope, name, "p95", key, 0.95, fallback, Percentiles::p95);
        quantile(scope, name, "p99", key, 0.99, fallback, Percentiles::p99);
        Histogram b = RunSample.pooled(bases, key);
        Histogram c = RunSample.pooled(List.of(cand), key);
        if (b != null && c != null) {
            Sample sb = Sample.of(b);
            Sample sc = Sample.of(c);
            RankTest t = RankTest.of(sb, sc);
            Draft d = draft(scope, name, "distribution", Kind.LATENCY, ms(sb.quantile(0.5)), ms(sc.quantile(0.5)));
            d.test = "rank";
            d.pWorse = t.pHigher();
            d.pBetter = t.pLower();
            d.nBase = sb.n();
            d.nCandidate = sc.n();
            d.effect = String.format(Locale.ROOT, "P(candidate slower) %.3f", t.superiority());
        }
    }

    private void quantile(String scope, String name, String metric, String key, double q, Function<Summary, Percentiles> fallback,
                          Function<Percentiles, Double> pick) {
        Histogram b = RunSample.pooled(bases, key);
        Histogram c = RunSample.pooled(List.of(cand), key);
        if (b != null && c != null) {
            Sample sb = Sample.of(b);
            Sample sc = Sample.of(c);
            QuantileBootstrap t = QuantileBootstrap.of(sb, sc, q, CONFIDENCE, Objects.hash(scope, name, metric));
            Draft d = draft(scope, name, metric, Kind.LATENCY, ms(sb.quantile(q)), ms(sc.quantile(q)));
            d.test = "bootstrap";
            d.ciLow = round(t.low() / 1000.0);
            d.ciHigh = round(t.high() / 1000.0);
            d.pWorse = t.pHigher();
            d.pBetter = t.pLower();
            d.nBase = sb.n();
            d.nCandidate = sc.n();
            return;
        }
        Percentiles pb = fallback.apply(bases.get(0).summary());
        Percentiles pc = fallback.apply(cand.summary());
        Draft d = draft(scope, name, metric, Kind.LATENCY, pb == null || pb.count() == 0 ? null : pick.apply(pb),
                pc == null || pc.count() == 0 ? null : pick.apply(pc));
        if (d != null && d.base != null && d.candidate != null) {
            d.test = "floor";
        }
    }

    /** A rate from counts (successes, trials) per run; pooled over the bases. */
    private void rate(String scope, String name, String metric, Function<Summary, long[]> counts) {
        long[] b = null;
        for (RunSample r : bases) {
            long[] x = counts.apply(r.summary());
            if (x != null && x[1] > 0) {
                b = b == null ? x.clone() : new long[] {b[0] + x[0], b[1] + x[1]};
            }
        }
        long[] c = counts.apply(cand.summary());
        if (c != null && c[1] == 0) {
            c = null;
        }
        Draft d = draft(scope, name, metric, Kind.RATE, b == null ? null : pct(b[0], b[1]), c == null ? null : pct(c[0], c[1]));
        if (d != null && b != null && c != null) {
            TwoProportions t = TwoProportions.of(b[0], b[1], c[0], c[1]);
            d.test = "proportions";
            d.ciLow = round(100 * t.low());
            d.ciHigh = round(100 * t.high());
            d.pWorse = t.pLower();
            d.pBetter = t.pHigher();
            d.nBase = b[1];
            d.nCandidate = c[1];
        }
    }

    private void amount(String scope, String name, String metric, Function<Summary, Double> value) {
        Double b = mean(value);
        Double c = value.apply(cand.summary());
        if (zero(b) && zero(c)) {
            return; // nothing to say: e.g. tokens of a node that never uses any
        }
        Draft d = draft(scope, name, metric, Kind.AMOUNT, b, c);
        if (d != null && b != null && c != null) {
            d.test = "floor";
        }
    }

    private void info(String scope, String name, String metric, Function<Summary, Double> value) {
        draft(scope, name, metric, Kind.INFO, mean(value), value.apply(cand.summary()));
    }

    private Double mean(Function<Summary, Double> value) {
        double sum = 0;
        int n = 0;
        for (RunSample r : bases) {
            Double v = value.apply(r.summary());
            if (v != null) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? null : round6(sum / n);
    }

    private Draft draft(String scope, String name, String metric, Kind kind, Double base, Double candidate) {
        if (base == null && candidate == null) {
            return null;
        }
        Draft d = new Draft();
        d.scope = scope;
        d.name = name;
        d.metric = metric;
        d.kind = kind;
        d.base = base;
        d.candidate = candidate;
        drafts.add(d);
        return d;
    }

    // ---- the verdicts

    private Comparison finish() {
        List<Draft> tested = drafts.stream().filter(d -> d.pWorse != null).toList();
        double[] adjusted = Holm.adjust(tested.stream().mapToDouble(d -> d.pWorse).toArray());
        double[] adjustedBetter = Holm.adjust(tested.stream().mapToDouble(d -> d.pBetter).toArray());
        Map<Draft, double[]> adj = new LinkedHashMap<>();
        for (int i = 0; i < tested.size(); i++) {
            adj.put(tested.get(i), new double[] {adjusted[i], adjustedBetter[i]});
        }
        List<Comparison.Line> lines = new ArrayList<>();
        for (Draft d : drafts) {
            lines.add(line(d, adj.get(d)));
        }
        int regressions = (int) lines.stream().filter(Comparison.Line::regression).count();
        Summary b0 = bases.get(0).summary();
        Summary cs = cand.summary();
        List<String> notes = new ArrayList<>();
        for (RunSample r : bases) {
            note(notes, r.summary());
        }
        note(notes, cs);
        List<String> warnings = warnings();
        return new Comparison(ref(b0), ref(cs), options, List.copyOf(lines), regressions, regressions > 0, notes,
                bases.stream().map(r -> ref(r.summary())).toList(), verdict(lines, regressions, tested.size()), tested.size(),
                warnings);
    }

    private Comparison.Line line(Draft d, double[] adjusted) {
        String unit = switch (d.kind) {
            case LATENCY -> "ms";
            case RATE -> "%";
            default -> d.metric.startsWith("cost") ? "USD" : "";
        };
        String better = d.kind == Kind.RATE || d.metric.equals("requests/s") ? "higher" : "lower";
        if (d.base == null || d.candidate == null) {
            return new Comparison.Line(d.scope, d.name, d.metric, unit, d.base, d.candidate, null, null, better,
                    d.base == null ? "new" : "gone", false, "none", null, null, null, null, d.nBase, d.nCandidate, null);
        }
        double delta = d.candidate - d.base;
        Double deltaPct = d.base == 0 || d.kind == Kind.LATENCY && Math.abs(d.base) < 1 || d.kind == Kind.RATE ? null
                : round(100.0 * delta / d.base);
        String verdict = verdict(d, delta, adjusted);
        return new Comparison.Line(d.scope, d.name, d.metric, unit, d.base, d.candidate, round6(delta), deltaPct, better, verdict,
                verdict.equals("regression"), d.test, d.ciLow, d.ciHigh, d.pWorse == null ? null : round6(d.pWorse),
                adjusted == null ? null : round6(adjusted[0]), d.nBase, d.nCandidate, d.effect);
    }

    private String verdict(Draft d, double delta, double[] adjusted) {
        double worse = d.kind == Kind.RATE ? -delta : delta;
        double floor = switch (d.kind) {
            case LATENCY -> Math.max(options.minLatencyDeltaMs(), Math.abs(d.base) * options.tolerancePct() / 100);
            case RATE -> options.rateTolerancePoints();
            case AMOUNT -> Math.abs(d.base) * options.tolerancePct() / 100;
            case INFO -> Double.POSITIVE_INFINITY;
        };
        if (d.kind == Kind.INFO) {
            return "same";
        }
        boolean worseSignificant = adjusted == null || adjusted[0] < options.alpha();
        boolean betterSignificant = adjusted == null || adjusted[1] < options.alpha();
        if (worse > floor && worseSignificant || d.kind == Kind.AMOUNT && d.base == 0 && worse > 0) {
            return "regression";
        }
        if (-worse > floor && betterSignificant) {
            return "improvement";
        }
        return "same";
    }

    private static String verdict(List<Comparison.Line> lines, int regressions, int tested) {
        if (regressions == 0) {
            return String.format(Locale.ROOT, "NO REGRESSION: %d metrics compared (%d tested), none worse beyond its floor"
                    + " with significance", lines.size(), tested);
        }
        List<String> worst = lines.stream().filter(Comparison.Line::regression).limit(3).map(Comparer::describe).toList();
        return String.format(Locale.ROOT, "REGRESSION: %d of %d metrics worse: %s%s", regressions, lines.size(),
                String.join("; ", worst), regressions > 3 ? "; …" : "");
    }

    static String describe(Comparison.Line l) {
        String change = l.unit().equals("%") ? String.format(Locale.ROOT, "%+.2f points", l.delta())
                : l.deltaPct() != null ? String.format(Locale.ROOT, "%+.1f%%", l.deltaPct())
                : String.format(Locale.ROOT, "%+.3g %s", l.delta(), l.unit());
        return l.scope() + " " + l.name() + " " + l.metric() + " " + change;
    }

    private List<String> warnings() {
        List<String> w = new ArrayList<>();
        Summary c = cand.summary();
        for (RunSample r : bases) {
            Summary b = r.summary();
            if (!Objects.equals(b.scenario(), c.scenario())) {
                w.add("different scenarios (" + b.scenario() + " in " + b.runId() + ", " + c.scenario() + " in " + c.runId()
                        + "): steps are matched by name");
            }
            int bu = b.users() == null ? 0 : b.users().target();
            int cu = c.users() == null ? 0 : c.users().target();
            if (bu != cu) {
                w.add("different loads: " + bu + " users in " + b.runId() + ", " + cu + " in " + c.runId()
                        + " — latency and rates depend on the load");
            }
            if (b.durationS() > 0 && c.durationS() > 0 && Math.abs(b.durationS() - c.durationS()) > 0.25 * Math.max(b.durationS(), c.durationS())) {
                w.add(String.format(Locale.ROOT, "different lengths: %.0f s in %s, %.0f s in %s", b.durationS(), b.runId(),
                        c.durationS(), c.runId()));
            }
        }
        return w.stream().distinct().toList();
    }

    private static void note(List<String> notes, Summary s) {
        if (!"done".equals(s.status())) {
            notes.add("run " + s.runId() + " ended " + s.status() + (s.reason() == null ? "" : " (" + s.reason() + ")"));
        }
    }

    // ---- helpers

    private boolean anyBase(java.util.function.Predicate<Summary> p) {
        return bases.stream().anyMatch(r -> p.test(r.summary()));
    }

    private interface Each {
        void compare(String name);
    }

    /** Subjects in the base's order, then those only in the candidate. */
    private void subjects(Map<String, ?> base, Map<String, ?> candidate, Each each) {
        base.keySet().forEach(each::compare);
        candidate.keySet().forEach(name -> {
            if (!base.containsKey(name)) {
                each.compare(name);
            }
        });
    }

    private static <T> Map<String, T> names(List<T> items, Function<T, String> name) {
        Map<String, T> byName = new LinkedHashMap<>();
        if (items != null) {
            items.forEach(i -> byName.putIfAbsent(name.apply(i), i));
        }
        return byName;
    }

    private static <T> T find(List<T> items, Function<T, String> name, String wanted) {
        return items == null ? null : items.stream().filter(i -> name.apply(i).equals(wanted)).findFirst().orElse(null);
    }

    private static String checkName(Summary.CheckLine c) {
        return c.step() + "/" + c.check();
    }

    /** A step that never ran counts as absent on that side. */
    private static Summary.StepLine ran(Summary.StepLine s) {
        return s == null || s.count() == 0 ? null : s;
    }

    private static Double count(Summary.StepLine s) {
        return s == null ? null : (double) s.count();
    }

    private static Double count(Summary.NodeLine s) {
        return s == null ? null : (double) s.count();
    }

    private static Comparison.RunRef ref(Summary s) {
        return new Comparison.RunRef(s.runId(), s.scenario(), s.startedAt(), s.status(), s.users() == null ? 0 : s.users().target(),
                s.durationS());
    }

    private static Double per(double total, long count) {
        return count == 0 ? null : round6(total / count);
    }

    private static double pct(long part, long whole) {
        return round(100.0 * part / whole);
    }

    private static double ms(long micros) {
        return round(micros / 1000.0);
    }

    private static boolean zero(Double v) {
        return v == null || v == 0;
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    private static double round6(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

}
