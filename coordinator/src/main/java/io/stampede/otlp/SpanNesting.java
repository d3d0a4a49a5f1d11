package io.stampede.otlp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stampede.metrics.MetricKey;
import io.stampede.metrics.MetricsSnapshot;

/**
 * Which node type each node ran inside (agent → llm_call → tool_call), from the spans' parent
 * ids, counted as {@code nest:parent>child} keys. A node's parent is its nearest ancestor that
 * is a node: spans that are none (HTTP, framework internals) are looked through.
 *
 * <p>Why it needs memory: exporters send a span when it ends, so children usually come before
 * their parent, often in an earlier batch. Recent spans are kept ({@link #MAX_SPANS}, oldest
 * forgotten first), and a node whose ancestor has not come yet waits for it
 * ({@link #MAX_WAITING} parents, {@link #MAX_CHILDREN_WAITING} children each). Both are bounded,
 * so a flood costs a few megabytes and, at worst, a nesting count it could not resolve.
 *
 * <p>Not thread-safe: used under its run's lock.
 */
final class SpanNesting {
    static final int MAX_SPANS = 65_536;
    static final int MAX_WAITING = 16_384;
    static final int MAX_CHILDREN_WAITING = 16;
    private static final int MAX_HOPS = 64;

    /** A span seen: its node type (null when it is none) and its parent's id (0 at a root). */
    private record Seen(String kind, long parent) {
    }

    private final Map<Long, Seen> recent = bounded(MAX_SPANS);
    private final Map<Long, List<String>> waiting = bounded(MAX_WAITING);
    private final MetricsSnapshot counts;

    SpanNesting(MetricsSnapshot counts) {
        this.counts = counts;
    }

    /** A span arrived; {@code kind} is its node type or null. */
    void add(long spanId, long parentId, String kind) {
        if (spanId == 0) {
            return;
        }
        recent.put(spanId, new Seen(kind, parentId));
        if (kind != null) {
            resolve(kind, parentId);
        }
        List<String> children = waiting.remove(spanId);
        if (children != null) {
            for (String child : children) {
                if (kind != null) {
                    count(kind, child);
                } else {
                    resolve(child, parentId);
                }
            }
        }
    }

    private void resolve(String child, long parentId) {
        long id = parentId;
        for (int hop = 0; id != 0 && hop < MAX_HOPS; hop++) {
            Seen seen = recent.get(id);
            if (seen == null) {
                List<String> list = waiting.computeIfAbsent(id, k -> new ArrayList<>(2));
                if (list.size() < MAX_CHILDREN_WAITING) {
                    list.add(child);
                }
                return;
            }
            if (seen.kind() != null) {
                count(seen.kind(), child);
                return;
            }
            id = seen.parent();
        }
    }

    private void count(String parent, String child) {
        counts.key(MetricKey.nest(parent, child)).record(-1, true);
    }

    private static <V> Map<Long, V> bounded(int max) {
        return new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, V> eldest) {
                return size() > max;
            }
        };
    }
}
