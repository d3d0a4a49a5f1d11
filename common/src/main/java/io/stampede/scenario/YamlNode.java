package io.stampede.scenario;

import java.util.List;

/**
 * The scenario document as a small immutable tree, made by {@link SafeYaml} from SnakeYAML's
 * node graph: aliases are expanded (within limits), every node knows where it was written, and
 * keys are plain text. Readers only ever see this tree, never SnakeYAML types.
 *
 * <p>{@code start}/{@code end} are char indexes into the source text (end exclusive), so the
 * {@link Redactor} can replace a value in place.
 */
sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {

    Position position();

    int start();

    int end();

    /**
     * A scalar as written. {@code plain} scalars (not quoted, not a block) are typed by the
     * YAML 1.2 core schema on demand ({@link CoreSchema}), so an environment value substituted
     * into {@code users: ${USERS}} still becomes a number.
     */
    record Scalar(String text, boolean plain, Position position, int start, int end) implements YamlNode {
        /** The value as plain Java: String, Long, Double, Boolean or null. */
        Object value() {
            return plain ? CoreSchema.resolve(text) : text;
        }

        boolean isNull() {
            return value() == null;
        }

        Scalar withText(String newText) {
            return new Scalar(newText, plain, position, start, end);
        }
    }

    record Entry(Scalar key, YamlNode value) {
        String name() {
            return key.text();
        }
    }

    record Mapping(List<Entry> entries, Position position, int start, int end) implements YamlNode {
        Entry entry(String key) {
            for (Entry e : entries) {
                if (e.name().equals(key)) {
                    return e;
                }
            }
            return null;
        }

        YamlNode get(String key) {
            Entry e = entry(key);
            return e == null ? null : e.value();
        }

        boolean has(String key) {
            return entry(key) != null;
        }
    }

    record Sequence(List<YamlNode> items, Position position, int start, int end) implements YamlNode {
    }
}
