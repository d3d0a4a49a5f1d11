package io.stampede.aggregate;

import java.util.ArrayList;
import java.util.List;

import io.stampede.load.LoadProfile;
import io.stampede.metrics.MetricsSnapshot;

/**
 * The load levels of a run, for quality-against-load curves: windows of seconds at one load, each
 * with the merged snapshot of its seconds (histograms and all), added as the seconds close.
 *
 * <ul>
 * <li>A run with stages: each stage that holds its target (its start and end are the same) is a
 *     level, without its first quarter (at most {@link #SETTLE_MS}) while the system settles; a
 *     profile of ramps only makes each stage a level, by the value it ends at.</li>
 * <li>A run with a warm-up (a capacity search's level): one level from the end of the warm-up to
 *     the end of the load.</li>
 * </ul>
 * Memory: one snapshot per level, whatever the run's length. Not thread-safe: the aggregator's.
 */
public final class LoadLevels {
    /** The most a hold's first seconds are left out of its level. */
    public static final long SETTLE_MS = 5_000;

    /** Seconds {@code fromS} (inclusive) to {@code toS} (exclusive) after the start at {@code target} ({@code unit}). */
    public record Window(double target, String unit, long fromS, long toS) {
    }

    /** A window and what its seconds merged into; {@code lastS} the last second it got (-1: none yet). */
    public record Level(Window window, MetricsSnapshot merged, long[] lastS) {
        public long seconds() {
            return lastS[0] < window.fromS() ? 0 : lastS[0] - window.fromS() + 1;
        }
    }

    public static final LoadLevels NONE = new LoadLevels(List.of());

    private final List<Level> levels;

    public LoadLevels(List<Window> windows) {
        List<Level> list = new ArrayList<>();
        windows.forEach(w -> list.add(new Level(w, new MetricsSnapshot(), new long[] {-1})));
        this.levels = List.copyOf(list);
    }

    /** The levels of a load: its stages, or one after {@code warmupMs} (0: none). */
    public static LoadLevels of(LoadProfile load, long warmupMs) {
        String unit = load.isOpen() ? "arrivals/s" : "users";
        List<Window> windows = new ArrayList<>();
        if (load.isShaped() && load.stages().size() > 1) {
            boolean anyHold = load.stages().stream().anyMatch(s -> s.from() == s.to() && s.durationMs() >= 2000);
            long at = 0;
            for (LoadProfile.Stage s : load.stages()) {
                boolean hold = s.from() == s.to() && s.durationMs() >= 2000;
                if (hold || !anyHold) {
                    long settle = hold ? Math.min(SETTLE_MS, s.durationMs() / 4) : 0;
                    long from = ceilS(at + settle);
                    long to = (at + s.durationMs()) / 1000;
                    if (to > from && s.to() > 0) {
                        windows.add(new Window(s.to(), unit, from, to));
                    }
                }
                at += s.durationMs();
            }
        } else if (warmupMs > 0 && load.durationMs() > Math.max(warmupMs, load.warmupMs())) {
            double target = load.isOpen() && !load.stages().isEmpty() ? load.stages().get(0).to() : load.users();
            windows.add(new Window(target, unit, ceilS(Math.max(warmupMs, load.warmupMs())), load.durationMs() / 1000));
        }
        return windows.isEmpty() ? NONE : new LoadLevels(windows);
    }

    private static long ceilS(long ms) {
        return (ms + 999) / 1000;
    }

    /** A closed second's merged snapshot: added to the level it belongs to, if any. */
    public void add(long second, MetricsSnapshot merged) {
        for (Level level : levels) {
            Window w = level.window();
            if (second >= w.fromS() && second < w.toS()) {
                level.merged().add(merged);
                level.lastS()[0] = second;
            }
        }
    }

    public List<Level> levels() {
        return levels;
    }

    public boolean isEmpty() {
        return levels.isEmpty();
    }
}
