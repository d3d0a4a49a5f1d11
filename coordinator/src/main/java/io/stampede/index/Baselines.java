package io.stampede.index;

import java.util.List;
import java.util.Optional;

/** Picks runs from history by a {@link BaselineSpec}: a baseline for a candidate, or the newest run that matches. */
public final class Baselines {
    private Baselines() {
    }

    /**
     * The baseline the spec picks for {@code candidate}, and the window it was picked from;
     * empty when no run before the candidate matches.
     */
    public static Optional<Baseline> forCandidate(RunIndex index, BaselineSpec spec, IndexedRun candidate) {
        List<IndexedRun> window = index.find(spec.window(candidate.scenario(), candidate.createdAt())).runs().stream()
                .filter(r -> !r.id().equals(candidate.id())).toList();
        IndexedRun run = spec.pick(window);
        return run == null ? Optional.empty() : Optional.of(new Baseline(spec, run, window));
    }

    /** The newest run matching the spec's filters (its scenario: the one it names, else any). */
    public static Optional<IndexedRun> newest(RunIndex index, BaselineSpec spec) {
        RunQuery window = spec.window(spec.scenario(), null).withPage(1, 0);
        return index.find(window).runs().stream().findFirst();
    }

    /** A picked baseline: the spec, the run, and the runs it was picked among (newest first). */
    public record Baseline(BaselineSpec spec, IndexedRun run, List<IndexedRun> window) {
        /** One sentence for a terminal or a note: which run and why. */
        public String describe() {
            if (spec.kind() == BaselineSpec.Kind.LAST) {
                return "baseline " + run.id() + ": the newest run matching " + spec;
            }
            return "baseline " + run.id() + ": the median p95 of the " + window.size() + " newest runs matching " + spec
                    + " (" + String.join(", ", window.stream().map(IndexedRun::id).toList()) + ")";
        }
    }
}
