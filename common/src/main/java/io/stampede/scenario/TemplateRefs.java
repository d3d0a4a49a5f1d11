package io.stampede.scenario;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.stampede.template.JsonTemplate;
import io.stampede.template.Template;

/**
 * Compiles the {@code {{...}}} templates of a scenario and remembers every name they use with
 * its place, so that once the whole document is read (all extractions and data columns known)
 * each name can be checked: a typo in a variable is a load error, not a failure at run time.
 */
final class TemplateRefs {
    /** Names every template may use. */
    static final List<String> BUILT_INS = List.of(
            "user.id", "user.index", "conversation_id", "iteration", "turn", "run_id", "model", "user_profile");
    /** Only inside {@code target.request.body}: the text of the send step being sent. */
    static final String MESSAGE = "message";
    /** Only inside {@code target.request.body}: the conversation so far plus this turn, as role/content messages. */
    static final String MESSAGES = "messages";
    /** Only in a judge's rubric: what the dataset recorded as the agent's reply to this turn. */
    static final String EXPECTED_REPLY = "expected_reply";

    private record Use(String name, YamlNode node, String path, boolean inRequestBody, boolean inRubric) {
    }

    private final NodeReader reader;
    private final List<Use> uses = new ArrayList<>();

    TemplateRefs(NodeReader reader) {
        this.reader = reader;
    }

    /** A text template from a scalar, or null after an error. */
    Template compile(YamlNode node, String path, String example) {
        String text = reader.text(node, path, example);
        return text == null ? null : compileText(text, node, path, false);
    }

    /**
     * A JSON-shaped template (request body, tool args): every text inside is a template; numbers,
     * booleans and keys stay as they are. Null after an error.
     */
    JsonTemplate compileJson(YamlNode node, String path, boolean inRequestBody) {
        int before = reader.errors().size();
        checkStrings(node, path, inRequestBody);
        return reader.errors().size() > before ? null : JsonTemplate.compile(NodeReader.plain(node));
    }

    private void checkStrings(YamlNode node, String path, boolean inRequestBody) {
        if (node instanceof YamlNode.Scalar s) {
            if (s.value() instanceof String text) {
                compileText(text, s, path, inRequestBody);
            }
        } else if (node instanceof YamlNode.Sequence seq) {
            for (int i = 0; i < seq.items().size(); i++) {
                checkStrings(seq.items().get(i), NodeReader.index(path, i), inRequestBody);
            }
        } else {
            for (YamlNode.Entry e : ((YamlNode.Mapping) node).entries()) {
                checkStrings(e.value(), NodeReader.child(path, e.name()), inRequestBody);
            }
        }
    }

    /** A judge's rubric: a text template that may also use {@code {{expected_reply}}}. Null after an error. */
    Template compileRubric(YamlNode node, String path) {
        String text = reader.text(node, path, "\"Does the reply explain the refund steps?\"");
        if (text == null) {
            return null;
        }
        try {
            Template t = Template.compile(text);
            for (String name : t.references()) {
                uses.add(new Use(name, node, path, false, true));
            }
            return t;
        } catch (IllegalArgumentException e) {
            reader.error(node, path, e.getMessage());
            return null;
        }
    }

    private Template compileText(String text, YamlNode node, String path, boolean inRequestBody) {
        try {
            Template t = Template.compile(text);
            for (String name : t.references()) {
                uses.add(new Use(name, node, path, inRequestBody, false));
            }
            return t;
        } catch (IllegalArgumentException e) {
            reader.error(node, path, e.getMessage());
            return null;
        }
    }

    /** Checks every recorded name against the built-ins, the data columns and the extracted variables. */
    void checkNames(Collection<String> extracted, DataTable data, boolean hasData, boolean hasModel) {
        Set<String> columns = new LinkedHashSet<>(data == null ? List.of() : data.columns());
        for (Use use : uses) {
            if (hasData && data == null && use.name().startsWith("user.")) {
                continue; // the data file itself is in error, so its columns are unknown
            }
            if (!isKnown(use, extracted, columns)) {
                reader.error(use.node(), use.path(), unknownMessage(use, extracted, columns, hasData));
            } else if (use.name().equals("model") && !hasModel) {
                reader.error(use.node(), use.path(), "{{model}} has no value: set target.model, e.g. model: demo-gpt");
            }
        }
    }

    private static boolean isKnown(Use use, Collection<String> extracted, Set<String> columns) {
        String name = use.name();
        if (name.equals(MESSAGE) || name.equals(MESSAGES)) {
            return use.inRequestBody();
        }
        if (name.equals(EXPECTED_REPLY)) {
            return use.inRubric();
        }
        if (BUILT_INS.contains(name)) {
            return true;
        }
        if (name.startsWith("user.")) {
            return columns.contains(name.substring(5));
        }
        return extracted.contains(name);
    }

    private static String unknownMessage(Use use, Collection<String> extracted, Set<String> columns, boolean hasData) {
        String name = use.name();
        String ref = "{{" + name + "}}";
        if (name.equals(MESSAGE) || name.equals(MESSAGES)) {
            return ref + " is only known in target.request.body and target.websocket.message, where it is "
                    + (name.equals(MESSAGE) ? "the text of the send step; here write the text itself"
                    : "the conversation so far");
        }
        if (name.equals(EXPECTED_REPLY)) {
            return ref + " is only known in a judge's rubric, where it is the reply the dataset recorded for the turn";
        }
        List<String> known = new ArrayList<>(BUILT_INS);
        columns.forEach(c -> known.add("user." + c));
        known.addAll(extracted);
        if (use.inRequestBody()) {
            known.add(MESSAGE);
            known.add(MESSAGES);
        }
        String suggestion = DidYouMean.suggest(name, known).map(s -> ": did you mean {{" + s + "}}?").orElse(null);
        if (name.startsWith("user.") && suggestion == null) {
            String column = name.substring(5);
            return hasData
                    ? ref + " is not a column of the data file (columns: " + String.join(", ", columns) + ")"
                    : ref + " needs a data: CSV file with a column '" + column + "' (data: users.csv)";
        }
        if (suggestion != null) {
            return "unknown variable " + ref + suggestion;
        }
        return "unknown variable " + ref + ": use a built-in (" + String.join(", ", BUILT_INS)
                + "), user.<column> of the data file, or a name set by extract:";
    }
}
