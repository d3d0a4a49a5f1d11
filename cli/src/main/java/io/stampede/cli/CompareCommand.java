package io.stampede.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
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
import io.stampede.index.BaselineSpec;
import io.stampede.index.IndexException;
import io.stampede.index.IndexSync;
import io.stampede.index.RunIndex;
import io.stampede.compare.RunLocator;
import io.stampede.compare.RunSample;
import io.stampede.results.ResultsJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compare", description = {
        "Compares a candidate run with one or more base runs, each metric with a test that fits it: latency percentiles by a"
                + " bootstrap of their difference from the runs' HdrHistograms and the whole distribution by a rank test, rates"
                + " (goodput, success, pass rates) as proportions; a regression is significant after Holm's adjustment over all"
                + " metrics and beyond a practical floor. The verdict comes first.",
        "With --baseline the base is picked from the run index: stampede compare --baseline last:tag=nightly [CANDIDATE]"
                + " or --baseline median:5,tag=nightly; CANDIDATE (a run id, folder or last[:FILTERS]) defaults to the newest"
                + " run matching the baseline's filters. --baseline RUN[,RUN…] CANDIDATE pools several base runs.",
        "Exit codes: 0 compared (no regression, or regressions without --fail-on-regression); 1 a regression with "
                + "--fail-on-regression; 2 a run could not be read."})
final class CompareCommand implements Callable<Integer> {
    @Parameters(arity = "0..2", paramLabel = "RUN", description = "BASE CANDIDATE (results folders or run ids), or with"
            + " --baseline only CANDIDATE, if any")
    List<String> runs = new ArrayList<>();

    @Option(names = "--baseline", paramLabel = "SPEC|RUN[,RUN…]", description = "the base: picked from history with"
            + " last[:FILTERS] or median:N[,FILTERS], FILTERS being tag=T, label=NAME=VALUE, scenario=S, status=S, verdict=V"
            + " (e.g. last:tag=nightly, median:5,tag=nightly); or base runs, pooled (repeat or separate with commas)")
    List<String> baselines = new ArrayList<>();

    @Mixin
    IndexCliOptions index = new IndexCliOptions();

    @Option(names = "--data-dir", paramLabel = "DIR", description = "where run ids are looked up (default: results)")
    Path dataDir = Path.of("results");

    @Option(names = "--tolerance", paramLabel = "PCT", description = "practical floor: latency, tokens and cost may grow this much (default: 5%%)")
    String tolerance = "5%";

    @Option(names = "--min-change-ms", paramLabel = "MS", description = "practical floor: a latency change below this is no regression (default: 5)")
    String minChangeMs = "5";

    @Option(names = "--rate-tolerance", paramLabel = "POINTS",
            description = "practical floor: success, pass rates and goodput may drop this many percentage points (default: 1)")
    String rateTolerance = "1";

    @Option(names = "--alpha", paramLabel = "A", description = "family-wise error rate over all metrics (Holm; default: 0.01)")
    double alpha = 0.01;

    @Option(names = "--fail-on-regression", description = "exit 1 when any metric regressed")
    boolean failOnRegression;

    @Option(names = "--json", description = "print the comparison as JSON (as GET /api/compare returns it)")
    boolean json;

    @Option(names = "--junit", paramLabel = "FILE", description = "also write the comparison as JUnit XML for CI: one test per metric")
    Path junit;

    @Override
    public Integer call() throws IOException {
        CompareOptions options;
        List<RunSample> bases = new ArrayList<>();
        RunSample candidate;
        try {
            options = CompareOptions.DEFAULTS.withTolerance(CompareOptions.parsePercent(tolerance, "--tolerance"))
                    .withRateTolerance(CompareOptions.parsePercent(rateTolerance, "--rate-tolerance"))
                    .withMinLatencyDelta(CompareOptions.parsePercent(minChangeMs, "--min-change-ms")).withAlpha(alpha);
            List<String> baseRefs = new ArrayList<>();
            String candidateRef;
            if (baselines.size() == 1 && BaselineSpec.looksLikeSpec(baselines.get(0))) {
                if (runs.size() > 1) {
                    throw new IllegalArgumentException("with --baseline SPEC give only the CANDIDATE (or nothing: the newest run"
                            + " matching the baseline's filters)");
                }
                HistoryBaseline.Pair pair = fromHistory(baselines.get(0), runs.isEmpty() ? null : runs.get(0));
                (json ? System.err : System.out).println(pair.how());
                baseRefs.add(pair.base());
                candidateRef = pair.candidate();
            } else {
                if (runs.isEmpty() && baselines.size() == 1) {
                    BaselineSpec.parse(baselines.get(0)); // no candidate: meant as a spec, so say what is wrong with it
                }
                baselines.forEach(b -> baseRefs.addAll(List.of(b.split(","))));
                if (runs.size() == 2) {
                    baseRefs.add(0, runs.get(0));
                }
                if (baseRefs.isEmpty() || runs.isEmpty()) {
                    throw new IllegalArgumentException("give two runs, BASE and CANDIDATE, or --baseline SPEC [CANDIDATE],"
                            + " or --baseline RUN[,RUN…] CANDIDATE");
                }
                candidateRef = runs.get(runs.size() - 1);
            }
            for (String ref : baseRefs) {
                bases.add(read(ref));
            }
            candidate = read(candidateRef);
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
        Comparison comparison = Comparer.compare(bases, candidate, options);
        if (json) {
            System.out.println(ResultsJson.PRETTY.writeValueAsString(comparison));
        } else {
            CompareText.print(comparison, System.out, CompareText.colour(System.console() != null, System.getenv("NO_COLOR")));
        }
        if (junit != null) {
            Path parent = junit.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(junit, CompareJUnit.xml(comparison));
        }
        return failOnRegression && comparison.regressed() ? ExitCodes.THRESHOLD_FAILED : ExitCodes.OK;
    }

    /** Opens the data dir's index (built or refreshed from its folders first) and picks the pair. */
    private HistoryBaseline.Pair fromHistory(String spec, String candidate) throws IOException {
        try (RunIndex runIndex = RunIndex.open(index.database(dataDir, System.err))) {
            IndexSync.sync(runIndex, dataDir, false);
            return HistoryBaseline.pick(runIndex, dataDir, spec, candidate, true);
        }
    }

    private RunSample read(String ref) throws IOException {
        try {
            return RunLocator.sample(ref, dataDir);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalArgumentException(ref + ": cannot read its results: " + e.getMessage(), e);
        }
    }

    /** Kept for callers of the earlier table (e.g. tests): the text form, no colour. */
    static void print(Comparison c, PrintStream out) {
        CompareText.print(c, out, false);
    }
}
