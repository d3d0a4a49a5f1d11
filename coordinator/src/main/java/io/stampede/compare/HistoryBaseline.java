package io.stampede.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import io.stampede.index.BaselineSpec;
import io.stampede.index.Baselines;
import io.stampede.index.IndexedRun;
import io.stampede.index.RunFolders;
import io.stampede.index.RunIndex;
import io.stampede.run.RunIds;

/**
 * A comparison's two runs when the base is picked from history ({@code --baseline last:tag=nightly},
 * {@code median:5,tag=nightly}, docs/REPORTS.md): the candidate is a run id, a results folder, a
 * spec itself ({@code last:tag=nightly}: the newest such run), or — left out — the newest run
 * matching the baseline's filters; the base is then the run the spec picks among those before
 * the candidate. Reads the run index (blocking).
 */
public final class HistoryBaseline {
    private HistoryBaseline() {
    }

    /** The picked pair: run ids under the data dir (or the candidate's folder), and a sentence saying how. */
    public record Pair(String base, String candidate, String how) {
    }

    /**
     * @param candidateRef a run id, a folder (only when {@code allowPaths}), a spec, or null
     * @throws IllegalArgumentException for a spec that does not parse
     * @throws NoSuchFileException when no candidate or no baseline matches, with a sentence saying so
     */
    public static Pair pick(RunIndex index, Path dataDir, String spec, String candidateRef, boolean allowPaths)
            throws IOException {
        BaselineSpec baseline = BaselineSpec.parse(spec);
        IndexedRun candidate;
        String candidateName;
        if (candidateRef == null || BaselineSpec.looksLikeSpec(candidateRef)) {
            BaselineSpec which = candidateRef == null ? BaselineSpec.parse("last" + filters(baseline)) : BaselineSpec.parse(candidateRef);
            candidate = Baselines.newest(index, which).orElseThrow(() -> new NoSuchFileException(String.valueOf(candidateRef), null,
                    "no run matches " + which + " in the run index: nothing to compare"));
            candidateName = candidate.id();
        } else if (allowPaths && Files.isDirectory(Path.of(candidateRef))) {
            candidate = RunFolders.read(Path.of(candidateRef));
            candidateName = candidateRef;
        } else {
            if (!RunIds.isRunId(candidateRef)) {
                throw new NoSuchFileException(candidateRef, null, "'" + candidateRef
                        + "' is neither a results folder nor a run id like 20261125-120000-ab12, nor last[:FILTERS]");
            }
            IndexedRun indexed = index.get(candidateRef).orElse(null);
            if (indexed == null && Files.isDirectory(dataDir.resolve(candidateRef))) {
                indexed = RunFolders.read(dataDir.resolve(candidateRef));
            }
            if (indexed == null) {
                throw new NoSuchFileException(candidateRef, null, "no run " + candidateRef + " in " + dataDir);
            }
            candidate = indexed;
            candidateName = candidateRef;
        }
        IndexedRun chosenCandidate = candidate;
        Baselines.Baseline picked = Baselines.forCandidate(index, baseline, candidate).orElseThrow(() -> new NoSuchFileException(
                spec, null, "no baseline for " + chosenCandidate.id() + ": no run of " + chosenCandidate.scenario()
                        + " before it matches " + baseline));
        return new Pair(picked.run().id(), candidateName, picked.describe() + "; candidate " + candidate.id());
    }

    /** The spec's filters as a {@code last} spec's tail (":tag=nightly"), without the window size. */
    private static String filters(BaselineSpec spec) {
        String text = new BaselineSpec(BaselineSpec.Kind.LAST, 1, spec.scenario(), spec.tags(), spec.labels(), spec.statuses(),
                spec.verdicts()).toString();
        return text.equals("last") ? "" : text.substring("last".length());
    }
}
