package io.stampede.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes old runs, folder and row together: beyond the newest {@code keepRuns} finished runs, or
 * created more than {@code keepFor} ago. A run tagged {@link Tags#PINNED} is never removed (and
 * does not count against {@code keepRuns}); a run not over yet is never touched. The folder goes
 * first, then the row: a crash in between leaves a row without folder, which the next
 * {@link IndexSync} drops. Blocking IO.
 *
 * @param keepRuns finished runs to keep, or null for no limit
 * @param keepFor  age beyond which finished runs go, or null for no limit
 */
public record Retention(Integer keepRuns, Duration keepFor) {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    public static final Retention NONE = new Retention(null, null);

    public Retention {
        if (keepRuns != null && keepRuns < 0) {
            throw new IllegalArgumentException("--keep-runs must be 0 or more");
        }
        if (keepFor != null && (keepFor.isNegative() || keepFor.isZero())) {
            throw new IllegalArgumentException("--keep-days must be more than 0");
        }
    }

    public boolean isNone() {
        return keepRuns == null && keepFor == null;
    }

    /** The runs this retention removes now, newest first (nothing is removed). */
    public List<String> due(RunIndex index, long nowMs) {
        if (isNone()) {
            return List.of();
        }
        List<String> due = new ArrayList<>();
        List<RunSearch.Age> finished = index.removable(Tags.PINNED);
        for (int i = 0; i < finished.size(); i++) {
            RunSearch.Age run = finished.get(i);
            boolean beyondCount = keepRuns != null && i >= keepRuns;
            boolean tooOld = keepFor != null && run.createdAt() < nowMs - keepFor.toMillis();
            if (beyondCount || tooOld) {
                due.add(run.id());
            }
        }
        return due;
    }

    /** Removes the runs due now from {@code dataDir} and the index; answers their ids. */
    public List<String> apply(RunIndex index, Path dataDir, long nowMs) {
        List<String> removed = new ArrayList<>();
        for (String id : due(index, nowMs)) {
            Path dir = dataDir.resolve(id);
            if (!IndexSync.isRunFolder(dir) || !dir.normalize().getParent().equals(dataDir.normalize())) {
                continue; // never a path outside the data dir
            }
            try {
                deleteTree(dir);
                index.remove(id);
                removed.add(id);
            } catch (IOException | RuntimeException e) {
                LOG.warn("retention: cannot remove run {}: {}", id, e.getMessage());
            }
        }
        if (!removed.isEmpty()) {
            LOG.info("retention ({}): removed {} run{}", this, removed.size(), removed.size() == 1 ? "" : "s");
        }
        return removed;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (keepRuns != null) {
            parts.add("keep the newest " + keepRuns + " runs");
        }
        if (keepFor != null) {
            parts.add("keep " + keepFor.toDays() + " days");
        }
        return parts.isEmpty() ? "keep everything" : String.join(", ", parts) + ", pinned runs always";
    }
}
