package io.stampede.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.stampede.secret.Secrets;

/**
 * Turns scenario text (YAML or JSON) into a validated, immutable {@link Scenario}, or into the
 * complete list of what is wrong with it.
 *
 * <p>Pipeline: {@link SafeYaml} (parse with limits, duplicate keys) → {@link EnvSubstitution}
 * ({@code ${VAR:-default}} in values) → one reader per section, each recording errors with
 * line:column, path and a sentence → cross-checks (template names against built-ins, data
 * columns and extracted variables; thresholds against step names). A user's mistake never
 * escapes as anything but {@link InvalidScenarioException}.
 *
 * <p>Stateless and thread-safe; loading does not block except to read a {@code data:} file.
 */
public final class ScenarioLoader {
    /** The environment variable ({@code stampede run --target URL} sets it) that gives a base URL to a scenario naming none. */
    public static final String TARGET_VARIABLE = "STAMPEDE_TARGET";
    static final List<String> SECTIONS = List.of("scenario", "description", "target", "load", "user_profile", "data",
            "user", "judge", "on_failure", "on_worker_loss", "steps", "thresholds", "pricing", "slo");
    /** The sections, and the keys of {@code load} written at the top level (users: 50, ramp_up: 10s). */
    static final List<String> KEYS = Stream.concat(SECTIONS.stream(), LoadReader.KEYS.stream()).toList();
    static final Map<String, FailurePolicy> FAILURE_POLICIES = byYamlName(FailurePolicy.values(), FailurePolicy::yamlName);
    static final Map<String, WorkerLossPolicy> WORKER_LOSS_POLICIES = byYamlName(WorkerLossPolicy.values(), WorkerLossPolicy::yamlName);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final int MAX_SCENARIO_NAME = 100;

    private ScenarioLoader() {
    }

    /** Loads a scenario, reporting every error at once. */
    public static Scenario load(ScenarioSource source) throws InvalidScenarioException {
        ErrorList errors = new ErrorList();
        Scenario scenario = read(source, errors);
        if (scenario == null || !errors.isEmpty()) {
            throw new InvalidScenarioException(errors.sorted());
        }
        return scenario;
    }

    /** Loads a file with the process environment; {@code data:} is relative to the file's folder. */
    public static Scenario loadFile(Path file) throws IOException, InvalidScenarioException {
        long size = Files.size(file);
        if (size > SafeYaml.MAX_BYTES) {
            throw new InvalidScenarioException(List.of(SafeYaml.tooLarge(size)));
        }
        String text = Files.readString(file);
        Path dir = file.toAbsolutePath().getParent();
        return load(new ScenarioSource(text, String.valueOf(file.getFileName()), dir, System.getenv(), null));
    }

    /** Every error in the scenario, in document order; empty when it is valid. */
    public static List<ScenarioError> validate(ScenarioSource source) {
        ErrorList errors = new ErrorList();
        read(source, errors);
        return errors.sorted();
    }

    private static Scenario read(ScenarioSource source, ErrorList errors) {
        try {
            return readChecked(source, errors);
        } catch (RuntimeException e) {
            // A bug of ours must still come out as an error value, never as a stack trace for the user.
            errors.add(new Position(0, 0), "", "the scenario could not be checked (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); please report this as a bug");
            return null;
        }
    }

    private static Scenario readChecked(ScenarioSource source, ErrorList errors) {
        String text = source.text() == null ? "" : source.text();
        YamlNode raw = SafeYaml.parse(text, errors);
        if (raw == null) {
            return null;
        }
        EnvSubstitution env = new EnvSubstitution(source.environment(), errors);
        YamlNode root = env.apply(raw, "");
        NodeReader reader = new NodeReader(errors);
        YamlNode.Mapping doc = reader.mapping(root, "", KEYS, "scenario: refund_flow");
        if (doc == null) {
            return null;
        }
        Set<String> secrets = new LinkedHashSet<>(env.secrets());
        TemplateRefs templates = new TemplateRefs(reader);

        String name = scenarioName(reader, doc);
        if (doc.has("description")) {
            reader.text(doc.get("description"), "description", "\"Refund questions, two turns\"");
        }
        Target target = new TargetReader(reader, templates, secrets, env).read(doc.get("target"), doc, "target");
        Map<String, Object> userProfile = userProfile(reader, doc);
        DataReader.Data data = doc.has("data") ? new DataReader(reader).read(doc.get("data"), "data", source)
                : new DataReader.Data(DataTable.EMPTY, null);
        Dataset dataset = data == null ? null : data.dataset();
        boolean boundedByData = dataset != null && (dataset.unique() || dataset.pacedByRecording());
        Load load = load(reader, doc, boundedByData);
        FailurePolicy onFailure = doc.has("on_failure")
                ? reader.choice(doc.get("on_failure"), "on_failure", FAILURE_POLICIES) : FailurePolicy.CONTINUE;
        WorkerLossPolicy onWorkerLoss = doc.has("on_worker_loss")
                ? reader.choice(doc.get("on_worker_loss"), "on_worker_loss", WORKER_LOSS_POLICIES) : WorkerLossPolicy.REDISTRIBUTE;
        Simulator simulator = doc.has("user") ? new SimulatorReader(reader, templates, secrets).read(doc.get("user"), "user") : null;
        JudgeReader judges = new JudgeReader(reader, templates, secrets);
        if (doc.has("judge")) {
            judges.readDefaults(doc.get("judge"), "judge");
        }

        StepReader stepReader = new StepReader(reader, templates, onFailure == null ? FailurePolicy.CONTINUE : onFailure, secrets,
                judges);
        YamlNode stepsNode = reader.required(doc, "", "steps", "steps: [ { send: \"hello\" } ]");
        List<Step> steps = stepsNode == null ? List.of() : stepReader.read(stepsNode, "steps");
        List<Threshold> thresholds = doc.has("thresholds")
                ? new ThresholdParser(reader).read(doc.get("thresholds"), "thresholds", steps) : List.of();
        Map<String, Pricing> pricing = doc.has("pricing") ? pricing(reader, doc.get("pricing")) : Map.of();
        boolean priced = target != null && target.model() != null && pricing != null && pricing.containsKey(target.model());
        Slo slo = doc.has("slo") ? new SloReader(reader).read(doc.get("slo"), "slo", priced) : Slo.NONE;

        DataTable table = data == null ? null : data.table() == null ? DataTable.EMPTY : data.table();
        templates.checkNames(stepReader.extracted(), data == null ? null : table, doc.has("data") && (data == null || dataset == null),
                target == null || target.model() != null);
        new WorkloadChecks(reader).check(doc, steps, dataset, table, simulator, load);

        if (!errors.isEmpty() || name == null || target == null || load == null || userProfile == null || data == null
                || onFailure == null || onWorkerLoss == null || pricing == null || slo == null
                || (doc.has("user") && simulator == null)) {
            return null;
        }
        secrets.addAll(env.secrets()); // values the target took from the environment too
        return new Scenario(name, target, load, userProfile, table, steps, thresholds, pricing, onFailure, onWorkerLoss,
                Collections.unmodifiableMap(new LinkedHashMap<>(env.used())), Secrets.of(secrets), text, slo, dataset, simulator);
    }

    /**
     * {@code load:}, or its keys written at the top level as a shorthand ({@code users: 50} next
     * to {@code steps:}), never both; without either, one user runs the conversation once, or, with
     * a dataset drawn once ({@code unique}, a paced replay), users run until the data ends.
     */
    private static Load load(NodeReader reader, YamlNode.Mapping doc, boolean boundedByData) {
        List<YamlNode.Entry> shorthand = doc.entries().stream().filter(e -> LoadReader.KEYS.contains(e.name())).toList();
        if (shorthand.isEmpty()) {
            return doc.has("load") ? new LoadReader(reader, boundedByData).read(doc.get("load"), "load")
                    : boundedByData ? LoadReader.untilDataEnds() : LoadReader.defaults();
        }
        if (doc.has("load")) {
            for (YamlNode.Entry e : shorthand) {
                reader.error(e.key(), e.name(), "'" + e.name() + "' is a key of load, which this scenario also has:"
                        + " move it under load: (or write every load key at the top level, without load:)");
            }
            return null;
        }
        YamlNode.Scalar first = shorthand.get(0).key();
        return new LoadReader(reader, boundedByData).read(new YamlNode.Mapping(shorthand, first.position(), first.start(), first.end()), "");
    }

    private static String scenarioName(NodeReader reader, YamlNode.Mapping doc) {
        YamlNode node = reader.required(doc, "", "scenario", "scenario: refund_flow");
        String name = node == null ? null : reader.text(node, "scenario", "refund_flow");
        if (name != null && (!NAME.matcher(name).matches() || name.length() > MAX_SCENARIO_NAME)) {
            reader.error(node, "scenario", "'" + name + "' is not a scenario name: use letters, digits, '_', '-' and '.'"
                    + " (at most " + MAX_SCENARIO_NAME + "), e.g. refund_flow");
            return null;
        }
        return name;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> userProfile(NodeReader reader, YamlNode.Mapping doc) {
        if (!doc.has("user_profile")) {
            return Map.of();
        }
        YamlNode node = doc.get("user_profile");
        if (node instanceof YamlNode.Scalar s && s.isNull()) {
            return Map.of();
        }
        YamlNode.Mapping map = reader.anyMapping(node, "user_profile", "{ memory: enabled, kb: test_kb }");
        return map == null ? null : (Map<String, Object>) NodeReader.plain(map);
    }

    private static Map<String, Pricing> pricing(NodeReader reader, YamlNode node) {
        YamlNode.Mapping map = reader.anyMapping(node, "pricing", "{ demo-gpt: { input_per_1m: 2.0, output_per_1m: 8.0 } }");
        if (map == null) {
            return null;
        }
        Map<String, Pricing> out = new LinkedHashMap<>();
        for (YamlNode.Entry e : map.entries()) {
            String path = NodeReader.child("pricing", e.name());
            YamlNode.Mapping price = reader.mapping(e.value(), path, List.of("input_per_1m", "output_per_1m"),
                    "{ input_per_1m: 2.0, output_per_1m: 8.0 }");
            if (price == null) {
                continue;
            }
            YamlNode in = reader.required(price, path, "input_per_1m", "input_per_1m: 2.0 (price per million input tokens)");
            YamlNode outNode = reader.required(price, path, "output_per_1m", "output_per_1m: 8.0 (price per million output tokens)");
            Double input = in == null ? null : reader.number(in, NodeReader.child(path, "input_per_1m"), 0, "2.0");
            Double output = outNode == null ? null : reader.number(outNode, NodeReader.child(path, "output_per_1m"), 0, "8.0");
            if (input != null && output != null) {
                out.put(e.name(), new Pricing(input, output));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static <E> Map<String, E> byYamlName(E[] values, java.util.function.Function<E, String> name) {
        Map<String, E> out = new LinkedHashMap<>();
        for (E v : values) {
            out.put(name.apply(v), v);
        }
        return Collections.unmodifiableMap(out);
    }
}
