package io.stampede.scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.stampede.check.Check;
import io.stampede.secret.Secrets;
import io.stampede.template.JsonTemplate;
import io.stampede.template.Template;
import io.stampede.time.DurationRange;

/**
 * Reads {@code steps:}. A step is one action ({@code send}, {@code wait}, {@code request},
 * {@code call_tool}) or only checks ({@code assert}/{@code expect}) on the previous response.
 *
 * <p>Default names, used as metric keys: {@code turn_<n>} for the n-th send,
 * {@code wait_<i>}, {@code assert_<i>} (i = position in the list, from 1),
 * {@code <METHOD> <path as written>} for requests and {@code tool_<name>} for tool calls.
 * Names must be unique; two steps whose default names collide need an explicit {@code name:}.
 */
final class StepReader {
    private static final List<String> ACTIONS = List.of("send", "wait", "request", "call_tool", "from_dataset", "from_simulator");
    private static final List<String> MULTI_TURN = List.of("name", "expect", "assert", "on_failure");
    private static final List<String> CHECKED = List.of("name", "expect", "assert", "extract", "on_failure");
    private static final List<String> ASSERT_ONLY = List.of("assert", "expect", "name", "on_failure");
    private static final List<String> ALL_KEYS = List.of(
            "send", "wait", "request", "call_tool", "from_dataset", "from_simulator", "name", "expect", "assert", "extract",
            "on_failure");
    private static final Pattern METHOD = Pattern.compile("[A-Za-z]+");
    private static final Pattern TOOL = Pattern.compile("[A-Za-z0-9_.-]+");
    static final int MAX_NAME_LENGTH = 100;

    private final NodeReader reader;
    private final TemplateRefs templates;
    private final CheckReader checkReader;
    private final FailurePolicy defaultPolicy;
    private final Set<String> secrets;
    private final Set<String> extracted = new LinkedHashSet<>();
    private int turns;

    StepReader(NodeReader reader, TemplateRefs templates, FailurePolicy defaultPolicy, Set<String> secrets, JudgeReader judges) {
        this.reader = reader;
        this.templates = templates;
        this.checkReader = new CheckReader(reader, judges);
        this.defaultPolicy = defaultPolicy;
        this.secrets = secrets;
    }

    /** Every variable name set by an {@code extract:} anywhere in the steps. */
    Set<String> extracted() {
        return extracted;
    }

    /** The steps; invalid ones are left out (their errors are recorded). */
    List<Step> read(YamlNode node, String path) {
        if (node instanceof YamlNode.Mapping one && (one.has("from_dataset") || one.has("from_simulator"))) {
            // steps: { from_dataset: … }: the whole conversation is this one step.
            Step step = readStep(one, path, 0);
            return step == null ? List.of() : List.of(step);
        }
        YamlNode.Sequence seq = reader.sequence(node, path, "a line - send: \"hello\" below steps:");
        if (seq == null) {
            return List.of();
        }
        if (seq.items().isEmpty()) {
            reader.error(seq, path, "no steps: write at least one, e.g. - send: \"hello\"");
        }
        List<Step> steps = new ArrayList<>();
        Map<String, String> firstUse = new HashMap<>();
        for (int i = 0; i < seq.items().size(); i++) {
            String stepPath = NodeReader.index(path, i);
            YamlNode item = seq.items().get(i);
            Step step = readStep(item, stepPath, i);
            if (step == null) {
                continue;
            }
            String earlier = firstUse.putIfAbsent(step.name(), stepPath);
            if (earlier != null) {
                YamlNode.Mapping map = (YamlNode.Mapping) item;
                YamlNode.Entry name = map.entry("name");
                reader.error(name != null ? name.value() : item, NodeReader.child(stepPath, "name"), name != null
                        ? "step name '" + step.name() + "' is already used by " + earlier + ": step names must be unique"
                        : "this step would be named '" + step.name() + "' like " + earlier + ": add name: with a unique name to one of them");
                continue;
            }
            steps.add(step);
        }
        return List.copyOf(steps);
    }

    private Step readStep(YamlNode node, String path, int index) {
        YamlNode.Mapping map = reader.anyMapping(node, path, "- send: \"hello\"");
        if (map == null) {
            return null;
        }
        List<YamlNode.Entry> actions = map.entries().stream().filter(e -> ACTIONS.contains(e.name())).toList();
        for (int i = 1; i < actions.size(); i++) {
            YamlNode.Entry extra = actions.get(i);
            reader.error(extra.key(), NodeReader.child(path, extra.name()), "a step does one thing: move '" + extra.name()
                    + "' to its own step (- " + extra.name() + ": ...) after '" + actions.get(0).name() + "'");
        }
        String action = actions.isEmpty() ? null : actions.get(0).name();
        if (action == null && !map.has("assert") && !map.has("expect")) {
            int before = reader.errors().size();
            reader.unknownKeys(map, path, ALL_KEYS);
            if (reader.errors().size() == before) {
                reader.error(map, path, "a step needs one of send, wait, request, call_tool, from_dataset, from_simulator,"
                        + " or assert/expect alone");
            }
            return null;
        }
        List<String> allowed = new ArrayList<>(ACTIONS);
        allowed.addAll(action == null ? ASSERT_ONLY : action.equals("wait") ? List.of("name")
                : action.startsWith("from_") ? MULTI_TURN : CHECKED);
        unknownKeysForKind(map, path, action, allowed);

        String name = explicitName(map, path);
        FailurePolicy onFailure = map.has("on_failure")
                ? reader.choice(map.get("on_failure"), NodeReader.child(path, "on_failure"), ScenarioLoader.FAILURE_POLICIES)
                : defaultPolicy;
        Position at = map.position();
        if (action == null) {
            if (index == 0) {
                reader.error(map, path, "an assert step checks the previous step's response, so it cannot come first:"
                        + " put these checks under expect: of a send or request step");
            }
            List<Check> checks = checkReader.checks(map, path);
            return new AssertStep(name != null ? name : "assert_" + (index + 1), checks, onFailure, at);
        }
        YamlNode value = map.get(action);
        String valuePath = NodeReader.child(path, action);
        return switch (action) {
            case "send" -> send(map, value, path, valuePath, name, onFailure, at);
            case "wait" -> {
                DurationRange d = reader.durationRange(value, valuePath);
                yield d == null ? null : new WaitStep(name != null ? name : "wait_" + (index + 1), d, at);
            }
            case "request" -> request(map, value, path, valuePath, name, onFailure, at);
            case "from_dataset" -> fromDataset(map, value, path, valuePath, name, onFailure, at);
            case "from_simulator" -> fromSimulator(map, value, path, valuePath, name, onFailure, at);
            default -> callTool(map, value, path, valuePath, name, onFailure, at);
        };
    }

    private void unknownKeysForKind(YamlNode.Mapping map, String path, String action, List<String> allowed) {
        for (YamlNode.Entry e : map.entries()) {
            if (allowed.contains(e.name())) {
                continue;
            }
            String keyPath = NodeReader.child(path, e.name());
            if (ALL_KEYS.contains(e.name())) {
                reader.error(e.key(), keyPath, "'" + e.name() + "' does not apply to this " + (action == null ? "assert" : action)
                        + " step, which takes " + String.join(", ", allowed.subList(ACTIONS.size(), allowed.size())));
            } else {
                reader.error(e.key(), keyPath, "unknown key '" + e.name() + "' in " + path + ": "
                        + DidYouMean.hint(e.name(), ALL_KEYS, "a step takes"));
            }
        }
    }

    private String explicitName(YamlNode.Mapping map, String path) {
        YamlNode node = map.get("name");
        if (node == null) {
            return null;
        }
        String namePath = NodeReader.child(path, "name");
        String name = reader.text(node, namePath, "ask_refund");
        if (name == null) {
            return null;
        }
        if (name.isBlank()) {
            reader.error(node, namePath, "a step name cannot be empty: write e.g. name: ask_refund");
        } else if (name.length() > MAX_NAME_LENGTH) {
            reader.error(node, namePath, "a step name is at most " + MAX_NAME_LENGTH + " characters: shorten it");
        } else if (name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
            reader.error(node, namePath, "a step name must be on one line");
        } else {
            return masked(name);
        }
        return null;
    }

    /** A step name with every secret known so far masked: a name is shown everywhere. */
    private String masked(String name) {
        return Secrets.of(secrets).mask(name);
    }

    private Step send(YamlNode.Mapping map, YamlNode value, String path, String valuePath, String name, FailurePolicy onFailure, Position at) {
        int turn = ++turns;
        Template message = templates.compile(value, valuePath, "\"I want a refund\"");
        List<Check> checks = checkReader.checks(map, path);
        List<Extraction> extractions = extractions(map, path);
        return message == null ? null
                : new SendStep(name != null ? name : "turn_" + turn, turn, message, checks, extractions, onFailure, at);
    }

    private Step request(YamlNode.Mapping map, YamlNode value, String path, String valuePath, String name, FailurePolicy onFailure, Position at) {
        List<Check> checks = checkReader.checks(map, path);
        List<Extraction> extractions = extractions(map, path);
        YamlNode.Mapping req = reader.mapping(value, valuePath, List.of("method", "path", "headers", "body"),
                "{ method: GET, path: \"/orders/{{user.order_id}}\" }");
        if (req == null) {
            return null;
        }
        String method = "GET";
        if (req.has("method")) {
            method = reader.text(req.get("method"), NodeReader.child(valuePath, "method"), "GET");
            if (method != null && !METHOD.matcher(method).matches()) {
                reader.error(req.get("method"), NodeReader.child(valuePath, "method"), "'" + method + "' is not an HTTP method: write e.g. GET or POST");
                method = null;
            }
        }
        YamlNode pathNode = reader.required(req, valuePath, "path", "path: \"/orders/{{user.order_id}}\"");
        Template requestPath = pathNode == null ? null : templates.compile(pathNode, NodeReader.child(valuePath, "path"), "/orders/42");
        Map<String, Template> headers = req.has("headers")
                ? Headers.read(reader, templates, req.get("headers"), NodeReader.child(valuePath, "headers"), secrets)
                : Map.of();
        JsonTemplate body = req.has("body") && !isNull(req.get("body"))
                ? templates.compileJson(req.get("body"), NodeReader.child(valuePath, "body"), false)
                : null;
        if (method == null || requestPath == null || headers == null) {
            return null;
        }
        method = method.toUpperCase(Locale.ROOT);
        secrets.addAll(Headers.sensitiveQueryValues(requestPath.source()));
        // The default name becomes a metric key, a Prometheus label, a CLI line: no secret of the path may reach it.
        String stepName = name != null ? name : masked(method + " " + requestPath.source());
        return new RequestStep(stepName, method, requestPath, headers, body, checks, extractions, onFailure, at);
    }

    private Step callTool(YamlNode.Mapping map, YamlNode value, String path, String valuePath, String name, FailurePolicy onFailure, Position at) {
        List<Check> checks = checkReader.checks(map, path);
        List<Extraction> extractions = extractions(map, path);
        YamlNode.Mapping call = reader.mapping(value, valuePath, List.of("name", "args"),
                "{ name: lookup_order, args: { order_id: \"{{user.order_id}}\" } }");
        if (call == null) {
            return null;
        }
        YamlNode toolNode = reader.required(call, valuePath, "name", "name: lookup_order");
        String tool = toolNode == null ? null : reader.text(toolNode, NodeReader.child(valuePath, "name"), "lookup_order");
        if (tool != null && !TOOL.matcher(tool).matches()) {
            reader.error(toolNode, NodeReader.child(valuePath, "name"), "'" + tool + "' is not a tool name: use letters, digits, '_', '-' and '.'");
            tool = null;
        }
        JsonTemplate args = call.has("args") && !isNull(call.get("args"))
                ? templates.compileJson(call.get("args"), NodeReader.child(valuePath, "args"), false)
                : JsonTemplate.compile(Map.of());
        if (tool == null || args == null) {
            return null;
        }
        return new CallToolStep(name != null ? name : "tool_" + tool, tool, args, checks, extractions, onFailure, at);
    }

    private Step fromDataset(YamlNode.Mapping map, YamlNode value, String path, String valuePath, String name,
                             FailurePolicy onFailure, Position at) {
        List<Check> checks = checkReader.checks(map, path);
        boolean firstOnly = false;
        if (!isNull(value)) {
            YamlNode.Mapping spec = reader.mapping(value, valuePath, List.of("turns"), "{ turns: user }");
            if (spec == null) {
                return null;
            }
            if (spec.has("turns")) {
                String turns = reader.choice(spec.get("turns"), NodeReader.child(valuePath, "turns"),
                        Map.of("user", "user", "first", "first"));
                if (turns == null) {
                    return null;
                }
                firstOnly = turns.equals("first");
            }
        }
        return new DatasetStep(name != null ? name : "dataset", firstOnly, checks, onFailure, at);
    }

    private Step fromSimulator(YamlNode.Mapping map, YamlNode value, String path, String valuePath, String name,
                               FailurePolicy onFailure, Position at) {
        List<Check> checks = checkReader.checks(map, path);
        int maxTurns = 0; // the simulator's own
        if (!isNull(value)) {
            YamlNode.Mapping spec = reader.mapping(value, valuePath, List.of("max_turns"), "{ max_turns: 6 }");
            if (spec == null) {
                return null;
            }
            if (spec.has("max_turns")) {
                Integer n = reader.integer(spec.get("max_turns"), NodeReader.child(valuePath, "max_turns"), 1, 1000, "max_turns: 6");
                if (n == null) {
                    return null;
                }
                maxTurns = n;
            }
        }
        return new SimulatedStep(name != null ? name : "simulated", maxTurns, checks, onFailure, at);
    }

    private List<Extraction> extractions(YamlNode.Mapping map, String path) {
        YamlNode node = map.get("extract");
        return node == null ? List.of() : checkReader.extractions(node, NodeReader.child(path, "extract"), extracted);
    }

    private static boolean isNull(YamlNode node) {
        return node instanceof YamlNode.Scalar s && s.isNull();
    }
}
