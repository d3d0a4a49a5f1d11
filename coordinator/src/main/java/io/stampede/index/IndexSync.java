package io.stampede.index;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the index in line with the run folders, which are the truth: a folder without a row, or
 * whose record or summary was written after its row was (its stamp differs), is indexed again; a
 * row whose folder is gone is removed. So a coordinator killed between writing a folder and its
 * row loses neither: its next start (or {@code stampede index DATA_DIR}) finds the difference.
 * Cheap when nothing changed: one directory listing, two file stats per run and one query.
 * Blocking IO.
 */
public final class IndexSync {
    private static final Logger LOG = LoggerFactory.getLogger(IndexSync.class);
    /** The shape of a run id (io.stampede.run.RunIds): only such folders are runs. */
    private static final Pattern RUN_ID = Pattern.compile("\\d{8}-\\d{6}-[0-9a-f]{4}");
    /** Rows changed by one sync beyond which the planner's statistics are refreshed at once. */
    static final int ANALYZE_AFTER = 100;

    private IndexSync() {
    }

    /**
     * What a sync did: runs (re)indexed, rows removed, rows already up to date, folders that
     * could not be read (each with why).
     */
    public record Outcome(int indexed, int removed, int unchanged, List<String> unreadable) {
        @Override
        public String toString() {
            return indexed + " run" + (indexed == 1 ? "" : "s") + " indexed, " + removed + " removed, " + unchanged
                    + " up to date" + (unreadable.isEmpty() ? "" : ", " + unreadable.size() + " unreadable");
        }
    }

    /** True for a folder name shaped like a run id. */
    public static boolean isRunFolder(Path dir) {
        return RUN_ID.matcher(dir.getFileName().toString()).matches();
    }

    /**
     * Indexes what is missing or stale and drops rows without a folder.
     *
     * @param everything re-read every folder, even those whose row looks current
     */
    public static Outcome sync(RunIndex index, Path dataDir, boolean everything) throws IOException {
        Map<String, Long> stamps = index.stamps();
        Set<String> present = new HashSet<>();
        List<String> unreadable = new ArrayList<>();
        int indexed = 0;
        int unchanged = 0;
        for (Path dir : RunFolders.list(dataDir)) {
            if (!isRunFolder(dir)) {
                continue;
            }
            String id = dir.getFileName().toString();
            present.add(id);
            Long known = stamps.get(id);
            if (!everything && known != null && known == RunFolders.stamp(dir)) {
                unchanged++;
                continue;
            }
            try {
                index.put(RunFolders.read(dir));
                indexed++;
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot index {}: {}", dir, e.getMessage());
                unreadable.add(id + ": " + e.getMessage());
            }
        }
        int removed = 0;
        for (String id : stamps.keySet()) {
            if (!present.contains(id)) {
                index.remove(id);
                removed++;
            }
        }
        if (indexed + removed >= ANALYZE_AFTER) {
            index.analyze(); // a bulk change: the planner must not wait for autovacuum to learn it
        }
        return new Outcome(indexed, removed, unchanged, List.copyOf(unreadable));
    }

    /** Indexes one folder now (after its run.json or summary.json was written). */
    public static void folder(RunIndex index, Path dir) throws IOException {
        index.put(RunFolders.read(dir));
    }
}
