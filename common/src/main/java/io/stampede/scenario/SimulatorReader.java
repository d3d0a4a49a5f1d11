package io.stampede.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.stampede.template.Template;

/** Reads {@code user: { simulator: … }}, the simulated user ({@link Simulator}). */
final class SimulatorReader {
    static final List<String> KEYS;

    static {
        List<String> keys = new ArrayList<>(EndpointReader.KEYS);
        keys.addAll(List.of("persona", "goal", "first_message", "max_turns", "stop_when", "seed", "temperature", "concurrency"));
        KEYS = List.copyOf(keys);
    }

    private final NodeReader reader;
    private final TemplateRefs templates;
    private final Set<String> secrets;

    SimulatorReader(NodeReader reader, TemplateRefs templates, Set<String> secrets) {
        this.reader = reader;
        this.templates = templates;
        this.secrets = secrets;
    }

    /** {@code user:}; the simulator or null after an error. */
    Simulator read(YamlNode node, String path) {
        YamlNode.Mapping user = reader.mapping(node, path, List.of("simulator"),
                "{ simulator: { base_url: http://127.0.0.1:8700, model: demo-user, goal: \"get a refund\" } }");
        if (user == null) {
            return null;
        }
        String simPath = NodeReader.child(path, "simulator");
        YamlNode simNode = reader.required(user, path, "simulator", "simulator: { base_url: http://127.0.0.1:8700, model: demo-user }");
        if (simNode == null) {
            return null;
        }
        YamlNode.Mapping map = reader.mapping(simNode, simPath, KEYS, "{ base_url: http://127.0.0.1:8700, model: demo-user, goal: \"get a refund\" }");
        if (map == null) {
            return null;
        }
        int before = reader.errors().size();
        YamlNode goalNode = reader.required(map, simPath, "goal", "goal: \"get a refund for order 42\"");
        Template goal = goalNode == null ? null : templates.compile(goalNode, NodeReader.child(simPath, "goal"), "\"get a refund\"");
        Template persona = map.has("persona")
                ? templates.compile(map.get("persona"), NodeReader.child(simPath, "persona"), "\"{{user_profile}}\"") : Template.compile("");
        Template first = map.has("first_message")
                ? templates.compile(map.get("first_message"), NodeReader.child(simPath, "first_message"), "\"Hello\"") : null;
        Integer maxTurns = map.has("max_turns")
                ? reader.integer(map.get("max_turns"), NodeReader.child(simPath, "max_turns"), 1, 1000, "max_turns: 6") : Integer.valueOf(10);
        String stop = map.has("stop_when") ? reader.text(map.get("stop_when"), NodeReader.child(simPath, "stop_when"), "\"###STOP###\"")
                : Simulator.DEFAULT_STOP;
        if (stop != null && stop.isBlank()) {
            reader.error(map.get("stop_when"), NodeReader.child(simPath, "stop_when"), "stop_when cannot be empty: the simulator"
                    + " writes it when the goal is met, e.g. stop_when: \"###STOP###\"");
        }
        Long seed = null;
        if (map.has("seed")) {
            Integer s = reader.integer(map.get("seed"), NodeReader.child(simPath, "seed"), 0, Integer.MAX_VALUE, "seed: 42");
            seed = s == null ? null : s.longValue();
        }
        Double temperature = map.has("temperature")
                ? reader.number(map.get("temperature"), NodeReader.child(simPath, "temperature"), 0, "0.7") : null;
        Integer concurrency = map.has("concurrency")
                ? reader.integer(map.get("concurrency"), NodeReader.child(simPath, "concurrency"), 1, 10_000, "concurrency: 32")
                : Integer.valueOf(Simulator.DEFAULT_CONCURRENCY);
        Target endpoint = new EndpointReader(reader, templates, secrets).read(map, simPath, null, "the simulated user", true);
        if (reader.errors().size() > before || endpoint == null || goal == null || persona == null || maxTurns == null
                || stop == null || concurrency == null) {
            return null;
        }
        return new Simulator(endpoint, persona, goal, first, maxTurns, stop, seed, temperature, concurrency);
    }
}
