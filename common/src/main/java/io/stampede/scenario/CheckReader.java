package io.stampede.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.stampede.check.Check;
import io.stampede.check.CheckArgument;
import io.stampede.check.Checks;
import io.stampede.check.InBlock;
import io.stampede.json.JsonQuery;

/**
 * Reads a step's checks ({@code expect:} then {@code assert:}, which mean the same) and
 * extractions ({@code extract: {name: $.path}}). Check kinds come from the {@link Checks}
 * registry, so a new check needs nothing here.
 */
final class CheckReader {
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> RESERVED = Set.of(
            "user", "user_profile", "conversation_id", "iteration", "turn", "run_id", "model", "message", "messages",
            "expected_reply");

    private final NodeReader reader;
    private final JudgeReader judges;

    CheckReader(NodeReader reader, JudgeReader judges) {
        this.reader = reader;
        this.judges = judges;
    }

    /** The checks under {@code expect:} and {@code assert:} of a step, expect first. */
    List<Check> checks(YamlNode.Mapping step, String path) {
        List<Check> out = new ArrayList<>();
        for (String key : List.of("expect", "assert")) {
            YamlNode node = step.get(key);
            if (node != null) {
                List<Check> block = new ArrayList<>();
                readChecks(node, NodeReader.child(path, key), block);
                block.forEach(c -> out.add(new InBlock(key, c)));
            }
        }
        return List.copyOf(out);
    }

    private void readChecks(YamlNode node, String path, List<Check> out) {
        YamlNode.Mapping map = reader.anyMapping(node, path, "{ intent: refund, max_latency: 3s }");
        if (map == null) {
            return;
        }
        if (map.entries().isEmpty()) {
            reader.error(map, path, "no checks here: write at least one, e.g. status: 200, or remove the key");
        }
        for (YamlNode.Entry e : map.entries()) {
            String checkPath = NodeReader.child(path, e.name());
            if (!Checks.isKnown(e.name())) {
                reader.error(e.key(), checkPath, "unknown check '" + e.name() + "': "
                        + DidYouMean.hint(e.name(), Checks.kinds(), "checks are"));
                continue;
            }
            if (e.name().equals("json_path") && !jsonPathsValid(e.value(), checkPath)) {
                continue;
            }
            if (e.name().equals(JudgeCheck.KIND)) {
                JudgeCheck judge = judges.check(e.value(), checkPath);
                if (judge != null) {
                    out.add(judge);
                }
                continue;
            }
            try {
                out.add(Checks.create(e.name(), new CheckArgument(NodeReader.plain(e.value()))));
            } catch (RuntimeException ex) {
                reader.error(e.value(), checkPath, message(ex));
            }
        }
    }

    /** Reports a bad path of {@code json_path: {$.path: value}} at the path itself. */
    private boolean jsonPathsValid(YamlNode node, String path) {
        if (!(node instanceof YamlNode.Mapping map)) {
            return true; // the check's own factory says what to write
        }
        boolean valid = true;
        for (YamlNode.Entry e : map.entries()) {
            try {
                JsonQuery.compile(e.name());
            } catch (IllegalArgumentException ex) {
                reader.error(e.key(), NodeReader.child(path, e.name()), ex.getMessage());
                valid = false;
            }
        }
        return valid;
    }

    /** {@code extract:}; each variable name is added to {@code names}. */
    List<Extraction> extractions(YamlNode node, String path, Set<String> names) {
        YamlNode.Mapping map = reader.anyMapping(node, path, "{ order_status: $.status }");
        if (map == null) {
            return List.of();
        }
        List<Extraction> out = new ArrayList<>();
        for (YamlNode.Entry e : map.entries()) {
            String varPath = NodeReader.child(path, e.name());
            String name = e.name();
            if (!VARIABLE.matcher(name).matches()) {
                reader.error(e.key(), varPath, "'" + name + "' is not a variable name: use letters, digits and _, starting with a letter, e.g. order_status");
                continue;
            }
            if (RESERVED.contains(name)) {
                reader.error(e.key(), varPath, "'" + name + "' is a built-in variable: choose another name, e.g. extracted_" + name);
                continue;
            }
            names.add(name);
            String jsonPath = reader.text(e.value(), varPath, "$.status");
            if (jsonPath == null) {
                continue;
            }
            try {
                out.add(new Extraction(name, JsonQuery.compile(jsonPath)));
            } catch (IllegalArgumentException ex) {
                reader.error(e.value(), varPath, ex.getMessage());
            }
        }
        return List.copyOf(out);
    }

    private static String message(RuntimeException e) {
        if (e instanceof IllegalArgumentException && e.getMessage() != null) {
            return e.getMessage();
        }
        return "this value does not fit the check (" + e.getClass().getSimpleName() + "): see docs/SCENARIO.md for examples";
    }
}
