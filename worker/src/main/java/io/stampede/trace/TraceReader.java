package io.stampede.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;


/**
 * Turns an agent's trace array into {@link TraceNode}s. Agents name fields differently, so
 * each field is read under the common spellings: node|type|kind, name|step, status|ok,
 * latency_ms|duration_ms|latency|elapsed_ms, tokens|total_tokens|usage.total_tokens, error.
 * Entries that are not objects are skipped; a missing node type becomes "unknown".
 */
public final class TraceReader {
    private static final int MAX_NODES = 1000;

    private TraceReader() {
    }

    public static List<TraceNode> read(Object trace) {
        if (!(trace instanceof List<?> entries)) {
            return List.of();
        }
        List<TraceNode> nodes = new ArrayList<>(Math.min(entries.size(), MAX_NODES));
        for (Object entry : entries) {
            if (nodes.size() == MAX_NODES) {
                break;
            }
            if (entry instanceof Map<?, ?> map) {
                nodes.add(node(map));
            }
        }
        return nodes;
    }

    private static TraceNode node(Map<?, ?> map) {
        String type = text(first(map, "node", "type", "kind"), "unknown");
        String name = text(first(map, "name", "step", "tool"), type);
        String error = text(map.get("error"), null);
        boolean ok = isOk(map, error);
        double latencyMs = number(first(map, "latency_ms", "duration_ms", "latency", "elapsed_ms"));
        long tokens = (long) number(first(map, "tokens", "total_tokens"));
        if (tokens == 0 && map.get("usage") instanceof Map<?, ?> usage) {
            tokens = (long) number(usage.get("total_tokens"));
        }
        return new TraceNode(type, name, ok, Math.round(latencyMs * 1000), tokens, ok ? null : error == null ? "status " + map.get("status") : error);
    }

    private static boolean isOk(Map<?, ?> map, String error) {
        Object ok = map.get("ok");
        if (ok instanceof Boolean b) {
            return b;
        }
        Object status = map.get("status");
        if (status == null) {
            return error == null;
        }
        String s = String.valueOf(status).toLowerCase(java.util.Locale.ROOT);
        return s.equals("ok") || s.equals("success") || s.equals("succeeded") || s.equals("completed") || s.equals("200");
    }

    private static Object first(Map<?, ?> map, String... names) {
        for (String n : names) {
            Object v = map.get(n);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static String text(Object value, String fallback) {
        return value == null ? fallback : String.valueOf(value);
    }

    private static double number(Object value) {
        if (value instanceof Number n) {
            return Math.max(0, n.doubleValue());
        }
        if (value instanceof String s) {
            try {
                return Math.max(0, Double.parseDouble(s));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }
}
