package io.stampede.metrics;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;

/**
 * All stats of a span of time: per key {@link KeyStats} plus {@link Counters}. Adding two
 * snapshots gives exactly what one recorder would have seen over both, so merging interval
 * snapshots from many workers gives the same result as one giant machine.
 *
 * <p>Not thread-safe.
 */
public final class MetricsSnapshot {
    private final Map<String, KeyStats> keys = new TreeMap<>();
    private final Counters counters = new Counters();
    /** Stats of keys this snapshot had before it was {@link #recycle recycled}: emptied, for its next keys. */
    private final Deque<KeyStats> spare = new ArrayDeque<>();

    public KeyStats key(String key) {
        return keys.computeIfAbsent(key, k -> spare.isEmpty() ? new KeyStats() : spare.pop());
    }

    public Map<String, KeyStats> keys() {
        return Collections.unmodifiableMap(keys);
    }

    public Counters counters() {
        return counters;
    }

    public void put(String key, KeyStats stats) {
        keys.put(key, stats);
    }

    public void add(MetricsSnapshot other) {
        other.keys.forEach((k, v) -> key(k).add(v));
        counters.add(other.counters);
    }

    public MetricsSnapshot copy() {
        MetricsSnapshot c = new MetricsSnapshot();
        c.add(this);
        return c;
    }

    /** Clears values but keeps the keys and their histograms, so the next interval allocates nothing. */
    public void reset() {
        keys.values().forEach(KeyStats::reset);
        counters.reset();
    }

    /**
     * Empties the snapshot, as if new, but keeps its keys' stats (their histograms, 190 KB each)
     * for the keys it is given next: a snapshot a coordinator fills second after second then
     * allocates nothing.
     */
    public void recycle() {
        keys.values().forEach(s -> {
            s.reset();
            spare.push(s);
        });
        keys.clear();
        counters.reset();
    }

    /** Executions of every step key together (all measured steps). */
    public KeyStats allSteps() {
        return allSteps(new KeyStats());
    }

    /** {@link #allSteps()} into {@code all}, emptied first (so a caller can reuse one). */
    public KeyStats allSteps(KeyStats all) {
        all.reset();
        keys.forEach((k, v) -> {
            if (k.startsWith("step:")) {
                all.add(v);
            }
        });
        return all;
    }
}
