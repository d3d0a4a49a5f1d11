package io.stampede.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.stampede.compare.CompareOptions;
import io.stampede.compare.Comparer;
import io.stampede.compare.Comparison;
import io.stampede.compare.HistoryBaseline;
import io.stampede.index.IndexException;
import io.stampede.index.IndexSync;
import io.stampede.index.RunIndex;
import io.stampede.compare.RunLocator;
import io.stampede.results.ResultsJson;
import io.stampede.results.Summary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compare", description = {
        "Compares a candidate run with a base run: per step and node p50/p95/p99, success and check pass rates, tokens, cost.",
        "With --baseline the base is picked from the run index: stampede compare --baseline last:tag=nightly [CANDIDATE]"
                + " or --baseline median:5,tag=nightly; CANDIDATE (a run id, folder or last[:FILTERS]) defaults to the newest"
                + " run matching the baseline's filters.",
        "Exit codes: 0 compared (no regression, or regressions without --fail-on-regression); 1 a regression with "
                + "--fail-on-regression; 2 a run could not be read."})
final class CompareCommand implements Callable<Integer> {
    @Parameters(arity = "0..2", paramLabel = "BASE CANDIDATE", description = "results folders or run ids of the reference"
            + " run and of the run to judge; with --baseline only CANDIDATE, if any")
    List<String> runs = new ArrayList<>();

    @Option(names = "--baseline", paramLabel = "SPEC", description = "pick the base from history: last[:FILTERS] or"
            + " median:N[,FILTERS], FILTERS being tag=T, label=NAME=VALUE, scenario=S, status=S, verdict=V"
            + " (e.g. last:tag=nightly, median:5,tag=nightly)")
    String baseline;

    @Mixin
    IndexCliOptions index = new IndexCliOptions();

    @Option(names = "--data-dir", paramLabel = "DIR", description = "where run ids are looked up (default: results)")
    Path dataDir = Path.of("results");

    @Option(names = "--tolerance", paramLabel = "PCT", description = "latency, tokens and cost may grow this much (default: 10%%)")
    String tolerance = "10%";

    @Option(names = "--rate-tolerance", paramLabel = "POINTS",
            description = "success and pass rates may drop this many percentage points (default: 1)")
    String rateTolerance = "1";

    @Option(names = "--fail-on-regression", description = "exit 1 when any metric regressed beyond tolerance")
    boolean failOnRegression;

    @Option(names = "--json", description = "print the comparison as JSON (as GET /api/compare returns it)")
    boolean json;

    @Override
    public Integer call() throws IOException {
        CompareOptions options;
        Summary baseRun;
        Summary candidateRun;
        try {
            options = CompareOptions.DEFAULTS.withTolerance(CompareOptions.parsePercent(tolerance, "--tolerance"))
                    .withRateTolerance(CompareOptions.parsePercent(rateTolerance, "--rate-tolerance"));
            String base;
            String candidate;
            if (baseline != null) {
                if (runs.size() > 1) {
                    throw new IllegalArgumentException("with --baseline give only the CANDIDATE (or nothing: the newest run"
                            + " matching the baseline's filters)");
                }
                HistoryBaseline.Pair pair = fromHistory(runs.isEmpty() ? null : runs.get(0));
                (json ? System.err : System.out).println(pair.how());
                base = pair.base();
                candidate = pair.candidate();
            } else if (runs.size() != 2) {
                throw new IllegalArgumentException("give two runs, BASE and CANDIDATE, or --baseline SPEC [CANDIDATE]");
            } else {
                base = runs.get(0);
                candidate = runs.get(1);
            }
            baseRun = read(base);
            candidateRun = read(candidate);
        } catch (IndexException e) {
            System.err.println(e.getMessage());
            return ExitCodes.NOT_CARRIED_OUT;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return ExitCodes.INVALID;
        } catch (NoSuchFileException e) {
            System.err.println(e.getReason() != null ? e.getReason() : "not found: " + e.getFile());
            return ExitCodes.INVALID;
        }
        Comparison comparison = Comparer.compare(baseRun, candidateRun, options);
        if (json) {
            System.out.println(ResultsJson.PRETTY.writeValueAsString(comparison));
        } else {
            print(comparison, System.out);
        }
        return failOnRegression && comparison.regressed() ? ExitCodes.THRESHOLD_FAILED : ExitCodes.OK;
    }

    /** Opens the data dir's index (built or refreshed from its folders first) and picks the pair. */
    private HistoryBaseline.Pair fromHistory(String candidate) throws IOException {
        try (RunIndex runIndex = RunIndex.open(index.database(dataDir, System.err))) {
            IndexSync.sync(runIndex, dataDir, false);
            return HistoryBaseline.pick(runIndex, dataDir, baseline, candidate, true);
        }
    }

    private Summary read(String ref) throws IOException {
        try {
            return RunLocator.find(ref, dataDir);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalArgumentException(ref + ": cannot read its summary.json: " + e.getMessage(), e);
        }
    }

    static void print(Comparison c, PrintStream out) {
        out.printf("base      %s  %s  %d users  %.0fs%n", c.base().runId(), c.base().scenario(), c.base().users(), c.base().durationS());
        out.printf("candidate %s  %s  %d users  %.0fs%n", c.candidate().runId(), c.candidate().scenario(), c.candidate().users(),
                c.candidate().durationS());
        out.printf("tolerance: latency/tokens/cost +%s%%, rates -%s points%n%n", trim(c.options().tolerancePct()),
                trim(c.options().rateTolerancePoints()));
        out.printf("%-6s %-26s %-24s %12s %12s %10s  %s%n", "scope", "name", "metric", "base", "candidate", "change", "");
        for (Comparison.Line l : c.lines()) {
            out.printf("%-6s %-26s %-24s %12s %12s %10s  %s%n", l.scope(), cut(l.name(), 26), l.metric(), value(l.base(), l.unit()),
                    value(l.candidate(), l.unit()), change(l), mark(l));
        }
        c.notes().forEach(n -> out.println("note: " + n));
        out.println();
        out.println(c.regressed() ? c.regressions() + " regression" + (c.regressions() == 1 ? "" : "s") + " beyond tolerance"
                : "no regression beyond tolerance");
    }

    private static String mark(Comparison.Line l) {
        return switch (l.verdict()) {
            case "regression" -> "REGRESSION";
            case "improvement" -> "better";
            case "new", "gone" -> l.verdict();
            default -> "";
        };
    }

    private static String change(Comparison.Line l) {
        if (l.delta() == null) {
            return "";
        }
        if (l.unit().equals("%")) {
            return String.format(Locale.ROOT, "%+.2fpt", l.delta());
        }
        return l.deltaPct() == null ? String.format(Locale.ROOT, "%+.3f", l.delta()) : String.format(Locale.ROOT, "%+.1f%%", l.deltaPct());
    }

    private static String value(Double v, String unit) {
        if (v == null) {
            return "-";
        }
        return switch (unit) {
            case "ms" -> v >= 1000 ? String.format(Locale.ROOT, "%.2fs", v / 1000) : String.format(Locale.ROOT, "%.1fms", v);
            case "%" -> String.format(Locale.ROOT, "%.2f%%", v);
            case "USD" -> String.format(Locale.ROOT, "$%.3g", v);
            default -> trim(v);
        };
    }

    private static String trim(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e12 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.4g", v);
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }
}
