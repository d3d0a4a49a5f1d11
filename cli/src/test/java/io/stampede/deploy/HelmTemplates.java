package io.stampede.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Renders the chart's templates without helm (not installed on the build machines): the part of
 * Go's text/template and Helm's functions that deploy/helm uses — {@code {{ .Values.x }}},
 * {@code .Release.Name}/{@code .Namespace}, {@code .Chart.*}, pipelines, {@code if}/{@code else}/
 * {@code with}/{@code define}/{@code end}, whitespace trimming ({@code {{-}}, {@code -}}}) and
 * {@code quote}, {@code required}, {@code include}, {@code not}, {@code default}, {@code toYaml},
 * {@code nindent}, {@code indent}. Anything else fails the render, so a template that grows past
 * this subset is noticed, not rendered wrong.
 */
final class HelmTemplates {
    private static final Pattern ACTION = Pattern.compile("\\{\\{(-?)\\s*(.*?)\\s*(-?)}}", Pattern.DOTALL);

    private final Map<String, Object> root;
    private final Map<String, List<Node>> defines = new HashMap<>();

    /** @param root {@code Values}, {@code Release}, {@code Chart} */
    HelmTemplates(Map<String, Object> root) {
        this.root = root;
    }

    /** Reads {@code define}s from a helpers file. */
    void define(String text) {
        render(parse(text), root); // a file of defines renders to nothing but registers them
    }

    String render(String text) {
        return render(parse(text), root);
    }

    // ---- the tree

    private sealed interface Node permits Text, Action, Block {
    }

    private record Text(String text) implements Node {
    }

    private record Action(String expression) implements Node {
    }

    /** if / with / define, with the nodes of each branch. */
    private record Block(String kind, String expression, List<Node> body, List<Node> otherwise) implements Node {
    }

    private List<Node> parse(String text) {
        List<Object> tokens = new ArrayList<>();
        Matcher m = ACTION.matcher(text);
        int at = 0;
        while (m.find()) {
            String before = text.substring(at, m.start());
            if (!m.group(1).isEmpty()) {
                before = before.stripTrailing();
            }
            tokens.add(before);
            tokens.add(new String[] {m.group(2)});
            at = m.end();
            if (!m.group(3).isEmpty()) {
                while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                    at++;
                }
            }
        }
        tokens.add(text.substring(at));
        int[] position = {0};
        List<Node> nodes = parseUntil(tokens, position, false);
        if (position[0] < tokens.size()) {
            throw new IllegalArgumentException("unexpected {{ end }} or {{ else }}");
        }
        return nodes;
    }

    /** Nodes up to an {@code end} or {@code else} (left at {@code position} when {@code nested}). */
    private List<Node> parseUntil(List<Object> tokens, int[] position, boolean nested) {
        List<Node> nodes = new ArrayList<>();
        while (position[0] < tokens.size()) {
            Object token = tokens.get(position[0]);
            if (token instanceof String s) {
                if (!s.isEmpty()) {
                    nodes.add(new Text(s));
                }
                position[0]++;
                continue;
            }
            String action = ((String[]) token)[0];
            if (action.startsWith("/*")) {
                position[0]++;
                continue;
            }
            if (action.equals("end") || action.equals("else")) {
                if (!nested) {
                    throw new IllegalArgumentException("{{ " + action + " }} without a block");
                }
                return nodes;
            }
            position[0]++;
            String word = action.split("\\s+", 2)[0];
            if (word.equals("if") || word.equals("with") || word.equals("define")) {
                String expression = action.substring(word.length()).trim();
                List<Node> body = parseUntil(tokens, position, true);
                List<Node> otherwise = List.of();
                if (position[0] < tokens.size() && ((String[]) tokens.get(position[0]))[0].equals("else")) {
                    position[0]++;
                    otherwise = parseUntil(tokens, position, true);
                }
                if (position[0] >= tokens.size()) {
                    throw new IllegalArgumentException("{{ " + word + " }} without {{ end }}");
                }
                position[0]++; // the end
                nodes.add(new Block(word, expression, body, otherwise));
            } else if (word.equals("range") || word.equals("template") || word.equals("block")) {
                throw new IllegalArgumentException("{{ " + word + " }} is beyond what this renderer knows");
            } else {
                nodes.add(new Action(action));
            }
        }
        return nodes;
    }

    // ---- rendering

    private String render(List<Node> nodes, Object dot) {
        StringBuilder out = new StringBuilder();
        for (Node node : nodes) {
            if (node instanceof Text t) {
                out.append(t.text());
            } else if (node instanceof Action a) {
                out.append(text(pipeline(a.expression(), dot)));
            } else if (node instanceof Block b && b.kind().equals("define")) {
                defines.put(unquote(b.expression()), b.body());
            } else if (node instanceof Block b && b.kind().equals("if")) {
                out.append(render(truthy(pipeline(b.expression(), dot)) ? b.body() : b.otherwise(), dot));
            } else if (node instanceof Block b && b.kind().equals("with")) {
                Object value = pipeline(b.expression(), dot);
                out.append(truthy(value) ? render(b.body(), value) : render(b.otherwise(), dot));
            } else {
                throw new IllegalStateException(String.valueOf(node));
            }
        }
        return out.toString();
    }

    private Object pipeline(String expression, Object dot) {
        Object value = null;
        boolean first = true;
        for (String command : splitOutside(expression, '|')) {
            List<String> words = words(command.trim());
            List<Object> args = new ArrayList<>();
            for (String w : words.subList(1, words.size())) {
                args.add(term(w, dot));
            }
            if (!first) {
                args.add(value);
            }
            value = words.size() == 1 && first ? term(words.get(0), dot) : call(words.get(0), args, dot);
            first = false;
        }
        return value;
    }

    private Object call(String function, List<Object> args, Object dot) {
        return switch (function) {
            case "quote" -> "\"" + text(args.get(0)).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            case "required" -> {
                Object v = args.get(1);
                if (v == null || "".equals(v)) {
                    throw new IllegalArgumentException("required: " + args.get(0));
                }
                yield v;
            }
            case "include" -> {
                List<Node> body = defines.get((String) args.get(0));
                if (body == null) {
                    throw new IllegalArgumentException("no template named " + args.get(0));
                }
                yield render(body, args.get(1));
            }
            case "not" -> !truthy(args.get(0));
            case "default" -> truthy(args.get(1)) ? args.get(1) : args.get(0);
            case "toYaml" -> toYaml(args.get(0));
            case "nindent" -> "\n" + indent(text(args.get(1)), ((Number) args.get(0)).intValue());
            case "indent" -> indent(text(args.get(1)), ((Number) args.get(0)).intValue());
            default -> {
                if (function.startsWith(".") || function.equals("$")) {
                    yield term(function, dot);
                }
                throw new IllegalArgumentException("function " + function + " is beyond what this renderer knows");
            }
        };
    }

    @SuppressWarnings("unchecked")
    private Object term(String word, Object dot) {
        if (word.startsWith("\"")) {
            return unquote(word);
        }
        if (word.matches("-?\\d+")) {
            return Integer.parseInt(word);
        }
        if (word.equals(".")) {
            return dot;
        }
        if (word.startsWith("$")) {
            return path(root, word.substring(1));
        }
        if (word.startsWith(".")) {
            return path(dot, word);
        }
        throw new IllegalArgumentException("cannot read " + word);
    }

    @SuppressWarnings("unchecked")
    private static Object path(Object from, String dotted) {
        Object value = from;
        for (String key : dotted.substring(1).split("\\.")) {
            if (key.isEmpty()) {
                continue;
            }
            value = value instanceof Map<?, ?> map ? ((Map<String, Object>) map).get(key) : null;
        }
        return value;
    }

    private static boolean truthy(Object v) {
        return v != null && !Boolean.FALSE.equals(v) && !"".equals(v) && !(v instanceof Number n && n.doubleValue() == 0)
                && !(v instanceof Map<?, ?> m && m.isEmpty()) && !(v instanceof List<?> l && l.isEmpty());
    }

    private static String text(Object v) {
        return v == null ? "" : v.toString();
    }

    private static String toYaml(Object v) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(v).stripTrailing();
    }

    private static String indent(String text, int n) {
        String pad = " ".repeat(n);
        return pad + text.replace("\n", "\n" + pad);
    }

    private static String unquote(String s) {
        return s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    /** Splits on {@code separator} outside double quotes. */
    private static List<String> splitOutside(String s, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (char c : s.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }

    private static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        Matcher m = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|\\S+").matcher(command);
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }
}
