package io.stampede.scenario;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Parses scenario text into a {@link YamlNode} tree, refusing hostile documents cheaply.
 *
 * <p>Only SnakeYAML's composer runs (never its constructor), so no tag can create an object.
 * Limits, each reported as one error with a place: the text is at most 2 MiB; nesting at most
 * 64 levels; at most 50 aliases to lists or mappings; and because an alias shares its node, the
 * tree is expanded here with a budget of 100,000 visited values, which stops an alias bomb
 * (billion laughs) long before it costs memory. Duplicate keys and keys that are not text are
 * errors. JSON is YAML and goes through the same path; tabs between JSON tokens, which YAML
 * forbids, are read as spaces. {@code ${VAR}} references are hidden from the parser and
 * restored in every scalar ({@link EnvReferences}), so they may stand wherever a value goes,
 * flow mappings included.
 *
 * <p>Stateless and thread-safe.
 *
 * <p>Why one class of this length: the limits above are only safe when checked in the one walk
 * that builds the tree; the walk, its budget and the error places belong together.
 */
final class SafeYaml {
    static final int MAX_BYTES = 2 * 1024 * 1024;
    static final int MAX_NODES = 100_000;
    static final int MAX_DEPTH = 64;
    static final int MAX_COLLECTION_ALIASES = 50;

    private SafeYaml() {
    }

    /** The document's root, or null after adding the reasons to {@code errors}. */
    static YamlNode parse(String text, ErrorList errors) {
        long bytes = utf8Length(text);
        if (bytes > MAX_BYTES) {
            errors.add(tooLarge(bytes));
            return null;
        }
        EnvReferences references = EnvReferences.hide(text);
        String hidden = references.text();
        Node root;
        try {
            root = compose(hidden, references, errors, true);
        } catch (TabInJson e) {
            root = compose(jsonTabsToSpaces(hidden), references, errors, false);
        }
        if (root == null) {
            if (errors.isEmpty()) {
                errors.add(new Position(1, 1), "", "the scenario is empty: start with 'scenario: <name>', then target: and steps:");
            }
            return null;
        }
        Converter converter = new Converter(hidden, references);
        try {
            return converter.convert(root, "", 1);
        } catch (Refused e) {
            errors.add(e.position, e.path, e.getMessage());
            return null;
        } finally {
            converter.problems.forEach(errors::add);
        }
    }

    /** The error for a document of {@code bytes} bytes, over {@link #MAX_BYTES}. */
    static ScenarioError tooLarge(long bytes) {
        return new ScenarioError(1, 1, "", String.format(Locale.ROOT,
                "the document is %.1f MiB, over the limit of 2 MiB: keep the scenario short and put user rows in a data: CSV file",
                bytes / 1048576.0));
    }

    private static Node compose(String text, EnvReferences references, ErrorList errors, boolean mayRetryJsonTabs) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_BYTES);
        options.setAllowRecursiveKeys(false);
        options.setAllowDuplicateKeys(true); // reported by the converter, with both places
        options.setProcessComments(false);
        TrackingParser parser = new TrackingParser(new ParserImpl(new StreamReader(new StringReader(text)), options));
        try {
            return new Composer(parser, new Resolver(), options).getSingleNode();
        } catch (MarkedYAMLException e) {
            if (mayRetryJsonTabs && e.getProblem() != null && e.getProblem().contains("TAB") && looksLikeJson(text)) {
                throw new TabInJson();
            }
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            errors.add(position(mark), "", references.restore(syntaxMessage(e)));
            return null;
        } catch (YAMLException e) {
            errors.add(position(parser.last == null ? null : parser.last.getStartMark()), "", limitMessage(e.getMessage()));
            return null;
        }
    }

    private static String syntaxMessage(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? "not valid YAML" : e.getProblem();
        StringBuilder out = new StringBuilder("not valid YAML: ").append(problem);
        if (e.getContext() != null) {
            out.append(" (").append(e.getContext());
            Mark started = e.getContextMark();
            if (started != null && e.getProblemMark() != null && started.getLine() != e.getProblemMark().getLine()) {
                out.append(" that starts at ").append(position(started));
            }
            out.append(')');
        }
        if (problem.startsWith("mapping values are not allowed")) {
            out.append("; a value that contains ': ' must be quoted, e.g. send: \"Note: ...\"");
        } else if (problem.startsWith("could not find expected ':'")) {
            out.append("; check the indentation of this line and the line before");
        } else if (problem.contains("found duplicate anchor")) {
            out.append("; give each anchor (&name) a different name");
        } else if (problem.startsWith("Global tag is not allowed")) {
            out.append("; scenarios use no tags (!!name): remove it");
        } else if (problem.startsWith("found undefined alias")) {
            out.append("; an alias (*name) must come after its anchor (&name)");
        }
        return out.toString();
    }

    private static String limitMessage(String message) {
        String m = message == null ? "" : message;
        if (m.startsWith("Number of aliases")) {
            return "more than " + MAX_COLLECTION_ALIASES + " aliases to lists or mappings (a possible alias bomb): write the values out instead of repeating *aliases";
        }
        if (m.startsWith("Nesting Depth")) {
            return "nesting deeper than " + MAX_DEPTH + " levels: a scenario never needs that many; flatten the structure";
        }
        if (m.contains("exceeds the limit")) {
            return "the document is over the limit of 2 MiB: keep the scenario short and put user rows in a data: CSV file";
        }
        return "not valid YAML: " + m;
    }

    static Position position(Mark mark) {
        return mark == null ? new Position(1, 1) : new Position(mark.getLine() + 1, mark.getColumn() + 1);
    }

    private static boolean looksLikeJson(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c) && c != '\uFEFF') {
                return c == '{' || c == '[';
            }
        }
        return false;
    }

    /** Tabs outside JSON strings become spaces (same width, so positions stay right). */
    static String jsonTabsToSpaces(String text) {
        StringBuilder out = new StringBuilder(text);
        boolean inString = false;
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '\t') {
                out.setCharAt(i, ' ');
            }
        }
        return out.toString();
    }

    private static long utf8Length(String text) {
        if (text.length() > MAX_BYTES) {
            return text.getBytes(StandardCharsets.UTF_8).length;
        }
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Remembers the last event handed to the composer, to say where a limit was hit. */
    private static final class TrackingParser implements Parser {
        private final Parser delegate;
        private Event last;

        TrackingParser(Parser delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean checkEvent(Event.ID choice) {
            return delegate.checkEvent(choice);
        }

        @Override
        public Event peekEvent() {
            return delegate.peekEvent();
        }

        @Override
        public Event getEvent() {
            last = delegate.getEvent();
            return last;
        }
    }

    private static final class TabInJson extends RuntimeException {
        TabInJson() {
            super(null, null, false, false);
        }
    }

    private static final class Refused extends RuntimeException {
        final Position position;
        final String path;

        Refused(Position position, String path, String message) {
            super(message, null, false, false);
            this.position = position;
            this.path = shorten(path);
        }

        /** An expanded alias bomb has a path as deep as the bomb: keep its head. */
        private static String shorten(String path) {
            int cut = path.indexOf('[', path.indexOf('[') + 1);
            return cut < 0 ? path : path.substring(0, cut) + "...";
        }
    }

    /** Expands SnakeYAML's node graph into {@link YamlNode}s, within the budget. */
    private static final class Converter {
        private final String text;
        private final EnvReferences references;
        private final int[] charIndex;
        private final Map<Node, Boolean> onPath = new IdentityHashMap<>();
        private final List<ScenarioError> problems = new ArrayList<>();
        private final Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        private boolean aliased;
        private int visited;

        Converter(String text, EnvReferences references) {
            this.text = text;
            this.references = references;
            this.charIndex = text.codePointCount(0, text.length()) == text.length() ? null : codePointToChar(text);
        }

        YamlNode convert(Node node, String path, int depth) {
            Position at = position(node.getStartMark());
            if (!(node instanceof ScalarNode) && !seen.add(node)) {
                aliased = true;
            }
            if (++visited > MAX_NODES) {
                throw new Refused(at, path, aliased
                        ? "the document expands to more than " + MAX_NODES + " values (every use of an *alias counts):"
                                + " refused as a likely alias bomb; write out only what the scenario needs"
                        : "the document has more than " + MAX_NODES + " values: a scenario never needs that many;"
                                + " put user rows in a data: CSV file");
            }
            if (depth > MAX_DEPTH) {
                throw new Refused(at, path, "nesting deeper than " + MAX_DEPTH + " levels (counting *aliases): flatten the structure");
            }
            if (onPath.containsKey(node)) {
                throw new Refused(at, path, "the anchor &" + node.getAnchor() + " is used inside itself: an alias cannot refer to the value that contains it");
            }
            int start = index(node.getStartMark());
            int end = index(node.getEndMark());
            if (node instanceof ScalarNode s) {
                return new YamlNode.Scalar(references.restore(s.getValue()), s.isPlain(), at, start, end);
            }
            onPath.put(node, Boolean.TRUE);
            try {
                if (node instanceof SequenceNode seq) {
                    List<YamlNode> items = new ArrayList<>(seq.getValue().size());
                    for (int i = 0; i < seq.getValue().size(); i++) {
                        items.add(convert(seq.getValue().get(i), path + "[" + i + "]", depth + 1));
                    }
                    return new YamlNode.Sequence(List.copyOf(items), at, start, end);
                }
                return convertMapping((MappingNode) node, path, depth, at, start, end);
            } finally {
                onPath.remove(node);
            }
        }

        private YamlNode convertMapping(MappingNode map, String path, int depth, Position at, int start, int end) {
            List<YamlNode.Entry> entries = new ArrayList<>(map.getValue().size());
            Map<String, YamlNode.Scalar> seen = new HashMap<>();
            for (NodeTuple tuple : map.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                    problems.add(ScenarioError.at(position(tuple.getKeyNode().getStartMark()), path,
                            "a key must be plain text, not a list or mapping"));
                    continue;
                }
                YamlNode.Scalar key = (YamlNode.Scalar) convert(keyNode, path, depth + 1);
                String childPath = NodeReader.child(path, key.text());
                YamlNode.Scalar first = seen.putIfAbsent(key.text(), key);
                if (first != null) {
                    problems.add(ScenarioError.at(key.position(), childPath, "duplicate key '" + key.text()
                            + "' (first written at " + first.position() + "): keep only one"));
                    continue;
                }
                entries.add(new YamlNode.Entry(key, convert(tuple.getValueNode(), childPath, depth + 1)));
            }
            return new YamlNode.Mapping(List.copyOf(entries), at, start, end);
        }

        private int index(Mark mark) {
            int cp = Math.min(mark.getIndex(), charIndex == null ? text.length() : charIndex.length - 1);
            return charIndex == null ? cp : charIndex[cp];
        }

        private static int[] codePointToChar(String text) {
            int[] out = new int[text.codePointCount(0, text.length()) + 1];
            int cp = 0;
            for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
                out[cp++] = i;
            }
            out[cp] = text.length();
            return out;
        }
    }
}
