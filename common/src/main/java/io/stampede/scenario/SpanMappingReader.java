package io.stampede.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code target.spans}: {@code node: "condition && condition"} or a list of such
 * expressions (any of them). A condition is {@code field == value}, {@code field != value},
 * {@code field ~ regex} (found anywhere) or a bare {@code field} (present). Values may be
 * quoted with ' or ".
 */
final class SpanMappingReader {
    static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern CONDITION = Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_.\\-]*)\\s*(?:(==|!=|~)\\s*(\"[^\"]*\"|'[^']*'|\\S(?:.*\\S)?)\\s*)?");
    private static final String EXAMPLE = "{ llm_call: \"gen_ai.operation.name == chat\", rag: \"name ~ retriev\" }";

    private final NodeReader reader;

    SpanMappingReader(NodeReader reader) {
        this.reader = reader;
    }

    SpanMapping read(YamlNode.Mapping target, String targetPath) {
        if (!target.has("spans")) {
            return SpanMapping.NONE;
        }
        String path = NodeReader.child(targetPath, "spans");
        YamlNode.Mapping map = reader.anyMapping(target.get("spans"), path, EXAMPLE);
        if (map == null) {
            return null;
        }
        List<SpanMapping.Rule> rules = new ArrayList<>();
        boolean ok = true;
        for (YamlNode.Entry e : map.entries()) {
            String nodePath = NodeReader.child(path, e.name());
            if (!NODE_NAME.matcher(e.name()).matches()) {
                reader.error(e.key(), nodePath, "'" + e.name() + "' cannot name a node: use letters, digits, _ and -"
                        + " (at most 64), e.g. llm_call");
                ok = false;
                continue;
            }
            List<YamlNode> expressions = e.value() instanceof YamlNode.Sequence seq ? seq.items() : List.of(e.value());
            for (int i = 0; i < expressions.size(); i++) {
                String exprPath = e.value() instanceof YamlNode.Sequence ? NodeReader.index(nodePath, i) : nodePath;
                String text = reader.text(expressions.get(i), exprPath, "\"gen_ai.operation.name == chat\"");
                List<SpanMapping.Condition> conditions = text == null ? null : conditions(text, expressions.get(i), exprPath);
                if (conditions == null) {
                    ok = false;
                } else {
                    rules.add(new SpanMapping.Rule(e.name(), conditions));
                }
            }
        }
        return ok ? new SpanMapping(List.copyOf(rules), true) : null;
    }

    private List<SpanMapping.Condition> conditions(String text, YamlNode node, String path) {
        List<SpanMapping.Condition> out = new ArrayList<>();
        for (String part : text.split("&&", -1)) {
            Matcher m = CONDITION.matcher(part);
            if (part.isBlank()) {
                reader.error(node, path, "'" + text + "' has an empty condition: join conditions with &&, e.g."
                        + " \"gen_ai.operation.name == chat && gen_ai.request.model ~ gpt\"");
                return null;
            }
            if (!m.matches()) {
                reader.error(node, path, "'" + part.strip() + "' is not a condition: write field == value, field != value,"
                        + " field ~ regex or just field, joined with &&, e.g. \"gen_ai.operation.name == chat\"");
                return null;
            }
            String field = m.group(1);
            String op = m.group(2);
            String value = op == null ? null : unquote(m.group(3));
            if (op == null) {
                out.add(new SpanMapping.Condition(field, SpanMapping.Condition.Op.EXISTS, null, null));
            } else if (op.equals("~")) {
                try {
                    out.add(new SpanMapping.Condition(field, SpanMapping.Condition.Op.MATCHES, value, Pattern.compile(value)));
                } catch (PatternSyntaxException ex) {
                    reader.error(node, path, "'" + value + "' is not a regular expression: " + ex.getDescription());
                    return null;
                }
            } else {
                out.add(new SpanMapping.Condition(field, op.equals("==") ? SpanMapping.Condition.Op.EQUALS
                        : SpanMapping.Condition.Op.NOT_EQUALS, value, null));
            }
        }
        return List.copyOf(out);
    }

    private static String unquote(String value) {
        boolean quoted = value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"));
        return quoted ? value.substring(1, value.length() - 1) : value;
    }
}
