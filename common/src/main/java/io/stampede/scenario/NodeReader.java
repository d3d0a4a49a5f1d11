package io.stampede.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stampede.check.Truncation;
import io.stampede.time.DurationRange;
import io.stampede.time.Durations;
import io.stampede.time.Rate;

/**
 * Typed reads of {@link YamlNode}s. A read that does not fit records an error at the node's
 * line:column with its path and a sentence saying what to write, and returns null, so the
 * loader goes on and reports every mistake in one pass. Callers treat null as "already
 * reported" and never report it again.
 *
 * <p>Why one class of this length: it is breadth, not entanglement: one short, independent read
 * per kind of YAML value, all sharing the error list and one way of saying what to write.
 */
final class NodeReader {

    private final ErrorList errors;

    NodeReader(ErrorList errors) {
        this.errors = errors;
    }

    ErrorList errors() {
        return errors;
    }

    void error(YamlNode node, String path, String message) {
        errors.add(node, path, message);
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String index(String path, int i) {
        return path + "[" + i + "]";
    }

    // ---- structure ----

    /** A mapping whose keys must all be in {@code keys}; each other key is an error with a suggestion. */
    YamlNode.Mapping mapping(YamlNode node, String path, Collection<String> keys, String example) {
        YamlNode.Mapping map = anyMapping(node, path, example);
        if (map != null) {
            unknownKeys(map, path, keys);
        }
        return map;
    }

    YamlNode.Mapping anyMapping(YamlNode node, String path, String example) {
        if (node instanceof YamlNode.Mapping map) {
            return map;
        }
        error(node, path, "expected a mapping (key: value lines), got " + describe(node) + exampleTail(example));
        return null;
    }

    YamlNode.Sequence sequence(YamlNode node, String path, String example) {
        if (node instanceof YamlNode.Sequence seq) {
            return seq;
        }
        error(node, path, "expected a list (lines starting with '- '), got " + describe(node) + exampleTail(example));
        return null;
    }

    void unknownKeys(YamlNode.Mapping map, String path, Collection<String> keys) {
        for (YamlNode.Entry e : map.entries()) {
            if (!keys.contains(e.name())) {
                String where = path.isEmpty() ? "" : " in " + path;
                errors.add(e.key(), child(path, e.name()), "unknown key '" + e.name() + "'" + where + ": "
                        + DidYouMean.hint(e.name(), keys, "valid keys are"));
            }
        }
    }

    /**
     * Records "missing key" at the mapping and returns null, or returns the value. When a
     * misspelling of the key is present, its unknown-key error already says what to fix.
     */
    YamlNode required(YamlNode.Mapping map, String path, String key, String example) {
        YamlNode value = map.get(key);
        if (value == null && map.entries().stream().noneMatch(e -> DidYouMean.suggest(e.name(), List.of(key)).isPresent())) {
            error(map, child(path, key), "missing '" + key + "'" + exampleTail(example));
        }
        return value;
    }

    // ---- scalars ----

    /** Any scalar that is not null, as written (numbers keep their spelling). */
    String text(YamlNode node, String path, String example) {
        if (node instanceof YamlNode.Scalar s && !s.isNull()) {
            return s.text();
        }
        error(node, path, "expected a text value, got " + describe(node) + exampleTail(example));
        return null;
    }

    /** A whole number in [min, max]. */
    Integer integer(YamlNode node, String path, long min, long max, String example) {
        Object v = node instanceof YamlNode.Scalar s ? s.value() : null;
        if (!(v instanceof Long n)) {
            error(node, path, "expected a whole number, got " + describe(node) + exampleTail(example));
            return null;
        }
        if (n < min || n > max) {
            String range = max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max;
            error(node, path, n + " is out of range: write a number " + range);
            return null;
        }
        return n.intValue();
    }

    /** A number (whole or decimal) of at least {@code min}. */
    Double number(YamlNode node, String path, double min, String example) {
        Object v = node instanceof YamlNode.Scalar s ? s.value() : null;
        if (!(v instanceof Number n) || Double.isNaN(n.doubleValue()) || Double.isInfinite(n.doubleValue())) {
            error(node, path, "expected a number, got " + describe(node) + exampleTail(example));
            return null;
        }
        if (n.doubleValue() < min) {
            error(node, path, n + " is too small: write a number of at least " + trim(min));
            return null;
        }
        return n.doubleValue();
    }

    /** A duration such as {@code 10s}; zero only when {@code allowZero}. */
    Duration duration(YamlNode node, String path, boolean allowZero) {
        String text = durationText(node, path);
        if (text == null) {
            return null;
        }
        try {
            Duration d = Durations.parse(text);
            if (d.isZero() && !allowZero) {
                error(node, path, "'" + text + "' must be more than zero");
                return null;
            }
            return d;
        } catch (IllegalArgumentException e) {
            error(node, path, e.getMessage());
            return null;
        }
    }

    /** {@code 2s} or {@code 1s..3s}. */
    DurationRange durationRange(YamlNode node, String path) {
        String text = durationText(node, path);
        if (text == null) {
            return null;
        }
        try {
            return Durations.parseRange(text);
        } catch (IllegalArgumentException e) {
            error(node, path, e.getMessage() + " (a range is written 1s..3s)");
            return null;
        }
    }

    Rate rate(YamlNode node, String path) {
        Object v = node instanceof YamlNode.Scalar s ? s.value() : null;
        if (v instanceof Number n) {
            error(node, path, "'" + n + "' has no time unit: write e.g. " + n + "/s or " + n + "/m");
            return null;
        }
        String text = text(node, path, "20/s");
        if (text == null) {
            return null;
        }
        try {
            return Durations.parseRate(text);
        } catch (IllegalArgumentException e) {
            error(node, path, e.getMessage());
            return null;
        }
    }

    /** One of a fixed set of words, e.g. {@code on_failure: stop_user}. */
    <E> E choice(YamlNode node, String path, Map<String, E> options) {
        String text = text(node, path, String.join(" or ", options.keySet()));
        if (text == null) {
            return null;
        }
        E value = options.get(text);
        if (value == null) {
            error(node, path, "'" + text + "' is not one of " + String.join(", ", options.keySet())
                    + DidYouMean.suggest(text, options.keySet()).map(s -> ": did you mean '" + s + "'?").orElse(""));
        }
        return value;
    }

    private String durationText(YamlNode node, String path) {
        Object v = node instanceof YamlNode.Scalar s ? s.value() : null;
        if (v instanceof Number n) {
            error(node, path, "'" + ((YamlNode.Scalar) node).text() + "' has no unit: write e.g. " + n + "s or " + n + "ms");
            return null;
        }
        return text(node, path, "10s, 1500ms or 2m");
    }

    /**
     * A size in bytes within [min, max]: a whole number of bytes, or a number with a unit —
     * {@code KiB}, {@code MiB}, {@code GiB} (powers of 1024), {@code KB}, {@code MB}, {@code GB}
     * (powers of 1000) or {@code B}, in any case, with or without a space ({@code 4MiB}, {@code 1.5 MiB}).
     */
    Integer byteSize(YamlNode node, String path, long min, long max, String example) {
        Object v = node instanceof YamlNode.Scalar s ? s.value() : null;
        double bytes;
        if (v instanceof Long n) {
            bytes = n;
        } else if (v instanceof String text) {
            Double parsed = ByteSizes.parse(text);
            if (parsed == null) {
                error(node, path, "'" + text + "' is not a size: write e.g. " + example + " (" + ByteSizes.UNITS + ")");
                return null;
            }
            bytes = parsed;
        } else {
            error(node, path, "expected a size, got " + describe(node) + exampleTail(example));
            return null;
        }
        if (bytes < min || bytes > max) {
            error(node, path, "'" + ((YamlNode.Scalar) node).text() + "' is out of range: write a size between "
                    + Truncation.size(min) + " and " + Truncation.size(max));
            return null;
        }
        return (int) Math.round(bytes);
    }

    /** true or false, or null after an error. */
    Boolean bool(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar s && s.value() instanceof Boolean b) {
            return b;
        }
        error(node, path, "expected true or false, got " + describe(node));
        return null;
    }

    /** A path that starts with '/', or null after an error. */
    String absolutePath(YamlNode node, String path, String example) {
        String text = text(node, path, example);
        if (text != null && !text.startsWith("/")) {
            error(node, path, "'" + text + "' must start with '/': write e.g. " + example);
            return null;
        }
        return text;
    }

    // ---- free-form values ----

    /** The node as plain Java: String, Long, Double, Boolean, null, List, LinkedHashMap (unmodifiable). */
    static Object plain(YamlNode node) {
        if (node instanceof YamlNode.Scalar s) {
            return s.value();
        }
        if (node instanceof YamlNode.Sequence seq) {
            List<Object> out = new ArrayList<>(seq.items().size());
            seq.items().forEach(item -> out.add(plain(item)));
            return Collections.unmodifiableList(out);
        }
        YamlNode.Mapping map = (YamlNode.Mapping) node;
        Map<String, Object> out = new LinkedHashMap<>();
        map.entries().forEach(e -> out.put(e.name(), plain(e.value())));
        return Collections.unmodifiableMap(out);
    }

    static String describe(YamlNode node) {
        if (node instanceof YamlNode.Mapping) {
            return "a mapping";
        }
        if (node instanceof YamlNode.Sequence) {
            return "a list";
        }
        YamlNode.Scalar s = (YamlNode.Scalar) node;
        Object v = s.value();
        if (v == null) {
            return "nothing";
        }
        if (v instanceof Number) {
            return "the number " + s.text();
        }
        if (v instanceof Boolean) {
            return "'" + s.text() + "' (true/false)";
        }
        String t = s.text();
        return "'" + (t.length() > 60 ? t.substring(0, 57) + "..." : t) + "'";
    }

    private static String exampleTail(String example) {
        return example == null || example.isEmpty() ? "" : ": write e.g. " + example;
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
