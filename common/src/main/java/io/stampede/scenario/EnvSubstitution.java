package io.stampede.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in scalar values (never in keys) with
 * values from the environment; <code>$${</code> is a literal <code>${</code>. As in a shell, the default
 * applies when the variable is unset or empty; an unset variable without default is an error
 * at its scalar.
 *
 * <p>Remembers which variables the text took from the environment (so a worker can load the
 * same text with the same values) and every such value of 4 characters or more as a secret.
 * A plain scalar keeps being plain, so {@code users: ${USERS:-50}} is still a number.
 */
final class EnvSubstitution {
    static final int MIN_SECRET_LENGTH = io.stampede.secret.Secrets.MIN_LENGTH;
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> environment;
    private final ErrorList errors;
    private final Map<String, String> used = new LinkedHashMap<>();
    private final Set<String> secrets = new LinkedHashSet<>();

    EnvSubstitution(Map<String, String> environment, ErrorList errors) {
        this.environment = environment == null ? Map.of() : environment;
        this.errors = errors;
    }

    /** The environment variables the text used, with their values. */
    Map<String, String> used() {
        return used;
    }

    /** The values that came from the environment, {@value #MIN_SECRET_LENGTH} characters or longer. */
    Set<String> secrets() {
        return secrets;
    }

    /**
     * An environment value the scenario did not name in the text but takes as a default (a
     * base URL, an API key: {@code OPENAI_API_KEY}, {@code STAMPEDE_TARGET}…), or null when it is
     * unset or empty. A value taken is remembered like a {@code ${VAR}}: it travels to the
     * workers, and it is a secret.
     */
    String take(String name) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        used.put(name, value);
        if (value.length() >= MIN_SECRET_LENGTH) {
            secrets.add(value);
        }
        return value;
    }

    YamlNode apply(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar s) {
            if (s.text().indexOf('$') < 0) {
                return s;
            }
            String substituted = substitute(s.text(), s, path);
            return substituted == null ? s : s.withText(substituted);
        }
        if (node instanceof YamlNode.Sequence seq) {
            List<YamlNode> items = new ArrayList<>(seq.items().size());
            for (int i = 0; i < seq.items().size(); i++) {
                items.add(apply(seq.items().get(i), NodeReader.index(path, i)));
            }
            return new YamlNode.Sequence(List.copyOf(items), seq.position(), seq.start(), seq.end());
        }
        YamlNode.Mapping map = (YamlNode.Mapping) node;
        List<YamlNode.Entry> entries = new ArrayList<>(map.entries().size());
        for (YamlNode.Entry e : map.entries()) {
            entries.add(new YamlNode.Entry(e.key(), apply(e.value(), NodeReader.child(path, e.name()))));
        }
        return new YamlNode.Mapping(List.copyOf(entries), map.position(), map.start(), map.end());
    }

    /** The text with references replaced, or null after an error. */
    private String substitute(String text, YamlNode at, String path) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    errors.addFinal(at, path, "'${' is never closed: write ${NAME} or ${NAME:-default}, or $${ for a literal ${");
                    return null;
                }
                String value = resolve(text.substring(i + 2, close), at, path);
                if (value == null) {
                    return null;
                }
                out.append(value);
                i = close + 1;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return out.toString();
    }

    private String resolve(String reference, YamlNode at, String path) {
        int dash = reference.indexOf(":-");
        String name = dash < 0 ? reference : reference.substring(0, dash);
        if (!NAME.matcher(name).matches()) {
            errors.addFinal(at, path, "'${" + reference + "}' does not name an environment variable: write ${NAME} or ${NAME:-default}"
                    + " (letters, digits and _), or $${ for a literal ${");
            return null;
        }
        String value = environment.get(name);
        if (value == null || (value.isEmpty() && dash >= 0)) {
            if (dash >= 0) {
                return reference.substring(dash + 2);
            }
            errors.addFinal(at, path, "environment variable " + name + " is not set: set it, or give a default with ${" + name + ":-value}");
            return null;
        }
        used.put(name, value);
        if (value.length() >= MIN_SECRET_LENGTH) {
            secrets.add(value);
        }
        return value;
    }
}
