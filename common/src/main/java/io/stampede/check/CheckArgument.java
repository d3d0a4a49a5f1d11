package io.stampede.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.stampede.time.Durations;

/**
 * The value written after a check's key, as plain Java (String, Number, Boolean, List, Map),
 * with typed accessors that throw {@link IllegalArgumentException} carrying a plain sentence;
 * the loader turns that into an error with line:column.
 */
public record CheckArgument(Object value) {

    public String asString() {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        throw new IllegalArgumentException("expected a text value, got " + describe(value));
    }

    /** A single string or a list of strings. */
    public List<String> asStringList() {
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(new CheckArgument(o).asString());
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("expected at least one value, got an empty list");
            }
            return out;
        }
        return List.of(asString());
    }

    public Duration asDuration() {
        if (value instanceof Number n) {
            throw new IllegalArgumentException("'" + n + "' has no unit: write e.g. " + n + "ms or " + n + "s");
        }
        return Durations.parse(asString());
    }

    public long asLong() {
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        throw new IllegalArgumentException("expected a whole number, got " + describe(value));
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> asMap() {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException("expected a mapping (key: value), got " + describe(value));
    }

    static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof Map) {
            return "a mapping";
        }
        if (value instanceof List) {
            return "a list";
        }
        return "'" + value + "'";
    }
}
