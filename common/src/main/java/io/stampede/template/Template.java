package io.stampede.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A string with {@code {{name}}} placeholders, compiled once when the scenario is loaded and
 * rendered for each user. Rendering a template with no placeholder returns the literal without
 * copying, so the common case costs nothing.
 *
 * <p>Immutable and thread-safe.
 */
public final class Template {
    private static final String OPEN = "{{";
    private static final String CLOSE = "}}";

    private final String source;
    /** Alternating parts: a String literal or a {@link Ref}. */
    private final Object[] parts;

    private record Ref(String name) {
    }

    private Template(String source, Object[] parts) {
        this.source = source;
        this.parts = parts;
    }

    public static Template literal(String text) {
        return new Template(text, new Object[] {text});
    }

    /**
     * Compiles {@code text}.
     *
     * @throws IllegalArgumentException with a plain sentence when a placeholder is not closed or empty
     */
    public static Template compile(String text) {
        List<Object> parts = new ArrayList<>();
        int at = 0;
        while (true) {
            int open = text.indexOf(OPEN, at);
            if (open < 0) {
                if (at < text.length() || parts.isEmpty()) {
                    parts.add(text.substring(at));
                }
                break;
            }
            int close = text.indexOf(CLOSE, open + OPEN.length());
            if (close < 0) {
                throw new IllegalArgumentException("'{{' at character " + (open + 1) + " is never closed with '}}'");
            }
            if (open > at) {
                parts.add(text.substring(at, open));
            }
            String name = text.substring(open + OPEN.length(), close).trim();
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_\\-]+)*")) {
                throw new IllegalArgumentException("'{{" + name + "}}' is not a variable name (use letters, digits, _ and dots, e.g. {{user.order_id}})");
            }
            parts.add(new Ref(name));
            at = close + CLOSE.length();
        }
        return new Template(text, parts.toArray());
    }

    /** The text as written in the scenario. */
    public String source() {
        return source;
    }

    public boolean isLiteral() {
        return parts.length == 1 && parts[0] instanceof String;
    }

    /** True when the whole template is one placeholder, so it may render to a non-string value. */
    public boolean isSingleReference() {
        return parts.length == 1 && parts[0] instanceof Ref;
    }

    /** The names this template refers to, in order. */
    public List<String> references() {
        List<String> names = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof Ref ref) {
                names.add(ref.name());
            }
        }
        return names;
    }

    /** Renders to a string; values that are not strings are written with {@link String#valueOf}. */
    public String render(Variables variables) {
        if (isLiteral()) {
            return (String) parts[0];
        }
        StringBuilder out = new StringBuilder(source.length() + 32);
        for (Object part : parts) {
            if (part instanceof Ref ref) {
                out.append(valueOf(ref, variables));
            } else {
                out.append((String) part);
            }
        }
        return out.toString();
    }

    /** Renders a single placeholder to its raw value (a map stays a map); otherwise as {@link #render}. */
    public Object renderValue(Variables variables) {
        return isSingleReference() ? valueOf((Ref) parts[0], variables) : render(variables);
    }

    private static Object valueOf(Ref ref, Variables variables) {
        Object value = variables.lookup(ref.name());
        if (value == null) {
            throw new MissingVariableException(ref.name());
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Template t && t.source.equals(source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source);
    }

    @Override
    public String toString() {
        return source;
    }
}
