package io.stampede.scenario;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

import io.stampede.secret.Secrets;

/**
 * Makes scenario text safe to store with results (the text-level companion of the one redactor,
 * {@link Secrets}, which it applies to everything outside references): the values of credential headers
 * (Authorization, Cookie, API keys, any header named *token*, *secret*, *key*, in
 * {@code target.headers}, in request steps, in the judge's and the simulated user's) become {@code "***"}, and every literal
 * occurrence of a secret (a value taken from the environment, or a credential header's value)
 * becomes {@code ***}. {@code ${VAR}} references stay as written, since they reveal only a
 * name; a default written inside a credential header ({@code ${TOKEN:-sk-...}}) is masked.
 *
 * <p>Stateless and thread-safe.
 */
public final class Redactor {
    public static final String MASK = Secrets.MASK;
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z]+ +");

    private Redactor() {
    }

    /** The scenario's source text with credentials and secrets masked. */
    public static String redact(Scenario scenario) {
        return maskSecrets(maskHeaders(scenario.source()), scenario.secrets());
    }

    /**
     * {@code text} with every occurrence of a secret masked by {@link Secrets#mask}, outside
     * {@code ${...}} references (a reference reveals only a name, and must stay as written).
     */
    static String maskSecrets(String text, Secrets secrets) {
        if (secrets.isEmpty() || text.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int literalStart = 0;
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                i += 3;
            } else if (text.startsWith("${", i) && text.indexOf('}', i) > 0) {
                out.append(secrets.mask(text.substring(literalStart, i)));
                int close = text.indexOf('}', i);
                out.append(text, i, close + 1);
                i = close + 1;
                literalStart = i;
            } else {
                i++;
            }
        }
        out.append(secrets.mask(text.substring(literalStart)));
        return out.toString();
    }

    private static String maskHeaders(String text) {
        YamlNode root = SafeYaml.parse(text, new ErrorList());
        if (!(root instanceof YamlNode.Mapping doc)) {
            return text;
        }
        List<YamlNode.Scalar> values = new ArrayList<>();
        if (doc.get("target") instanceof YamlNode.Mapping target) {
            collect(target.get("headers"), values);
        }
        if (doc.get("judge") instanceof YamlNode.Mapping judge) {
            collect(judge.get("headers"), values);
        }
        if (doc.get("user") instanceof YamlNode.Mapping user && user.get("simulator") instanceof YamlNode.Mapping simulator) {
            collect(simulator.get("headers"), values);
        }
        if (doc.get("steps") instanceof YamlNode.Sequence steps) {
            for (YamlNode step : steps.items()) {
                if (step instanceof YamlNode.Mapping s && s.get("request") instanceof YamlNode.Mapping request) {
                    collect(request.get("headers"), values);
                }
            }
        }
        values.sort(Comparator.comparingInt(YamlNode::start).reversed());
        StringBuilder out = new StringBuilder(text);
        int limit = Integer.MAX_VALUE;
        for (YamlNode.Scalar v : values) {
            if (v.end() <= limit && v.start() < v.end()) { // aliases share one place: replace it once
                String written = text.substring(v.start(), v.end());
                String masked = "\"" + maskedValue(v.text()) + "\"" + (written.endsWith("\n") ? "\n" : "");
                out.replace(v.start(), v.end(), masked);
                limit = v.start();
            }
        }
        return out.toString();
    }

    private static void collect(YamlNode headers, List<YamlNode.Scalar> into) {
        if (headers instanceof YamlNode.Mapping map) {
            for (YamlNode.Entry e : map.entries()) {
                if (Headers.isSensitive(e.name()) && e.value() instanceof YamlNode.Scalar s) {
                    into.add(s);
                }
            }
        }
    }

    /**
     * {@code ***} for a literal value; for a value with references, the references with their
     * defaults masked, and a leading auth scheme ({@code Bearer }) kept: {@code Bearer ${TOKEN:-***}}.
     */
    static String maskedValue(String value) {
        StringBuilder out = new StringBuilder();
        boolean sawReference = false;
        int literalStart = 0;
        int i = 0;
        while (i < value.length()) {
            int close = value.startsWith("${", i) && !(i > 0 && value.charAt(i - 1) == '$') ? value.indexOf('}', i) : -1;
            if (close < 0) {
                i++;
                continue;
            }
            appendLiteral(out, value.substring(literalStart, i), literalStart == 0);
            String reference = value.substring(i + 2, close);
            int dash = reference.indexOf(":-");
            out.append("${").append(dash < 0 ? reference : reference.substring(0, dash) + ":-" + MASK).append('}');
            sawReference = true;
            i = close + 1;
            literalStart = i;
        }
        if (!sawReference) {
            return MASK;
        }
        appendLiteral(out, value.substring(literalStart), false);
        return out.toString();
    }

    private static void appendLiteral(StringBuilder out, String literal, boolean first) {
        if (literal.isEmpty()) {
            return;
        }
        out.append(first && SCHEME.matcher(literal).matches() ? literal : MASK);
    }
}
