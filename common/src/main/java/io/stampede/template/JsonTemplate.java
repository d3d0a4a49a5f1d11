package io.stampede.template;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON-shaped value (maps, lists, scalars) whose strings are {@link Template}s, e.g. a
 * request body {@code {thread_id: "{{conversation_id}}", message: "{{message}}"}}. A string
 * that is exactly one placeholder renders to the raw value, so {@code "{{user_profile}}"}
 * becomes a JSON object, not a string.
 *
 * <p>Immutable and thread-safe.
 */
public final class JsonTemplate {
    private final Object shape;

    private JsonTemplate(Object shape) {
        this.shape = shape;
    }

    /** Compiles a tree of Map/List/String/Number/Boolean/null. */
    public static JsonTemplate compile(Object value) {
        return new JsonTemplate(compileNode(value));
    }

    private static Object compileNode(Object value) {
        if (value instanceof String s) {
            return Template.compile(s);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), compileNode(v)));
            return Collections.unmodifiableMap(out);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(JsonTemplate::compileNode).toList();
        }
        return value;
    }

    public Object render(Variables variables) {
        return renderNode(shape, variables);
    }

    /** All placeholder names in the tree, for validation. */
    public List<String> references() {
        List<String> names = new ArrayList<>();
        collect(shape, names);
        return names;
    }

    private static void collect(Object node, List<String> names) {
        if (node instanceof Template t) {
            names.addAll(t.references());
        } else if (node instanceof Map<?, ?> map) {
            map.values().forEach(v -> collect(v, names));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> collect(v, names));
        }
    }

    private static Object renderNode(Object node, Variables variables) {
        if (node instanceof Template t) {
            return t.renderValue(variables);
        }
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>(map.size() * 2);
            map.forEach((k, v) -> out.put((String) k, renderNode(v, variables)));
            return out;
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object v : list) {
                out.add(renderNode(v, variables));
            }
            return out;
        }
        return node;
    }
}
