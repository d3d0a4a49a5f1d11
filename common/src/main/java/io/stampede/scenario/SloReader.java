package io.stampede.scenario;

import java.time.Duration;
import java.util.List;

/** Reads {@code slo:} into an {@link Slo}: {@code turn:} and {@code conversation:} limits, each optional. */
final class SloReader {
    static final List<String> KEYS = List.of("turn", "conversation");
    static final List<String> TURN_KEYS = List.of("latency", "ttft", "itl", "tpot", "tokens");
    static final List<String> CONVERSATION_KEYS = List.of("time_to_resolution", "worst_turn_ttft", "tokens", "cost");
    private static final String EXAMPLE = "{ turn: { latency: 2s, ttft: 800ms }, conversation: { time_to_resolution: 20s } }";

    private final NodeReader reader;

    SloReader(NodeReader reader) {
        this.reader = reader;
    }

    /** The objectives, or null after errors. */
    Slo read(YamlNode node, String path, boolean priced) {
        YamlNode.Mapping map = reader.mapping(node, path, KEYS, EXAMPLE);
        if (map == null) {
            return null;
        }
        if (map.entries().isEmpty()) {
            reader.error(map, path, "no objective: write e.g. " + EXAMPLE + ", or remove slo");
            return null;
        }
        int before = reader.errors().size();
        Slo.Turn turn = Slo.Turn.NONE;
        if (map.has("turn")) {
            String p = NodeReader.child(path, "turn");
            YamlNode.Mapping t = reader.mapping(map.get("turn"), p, TURN_KEYS, "{ latency: 2s, ttft: 800ms, itl: 200ms }");
            if (t != null) {
                turn = new Slo.Turn(ms(t, p, "latency"), ms(t, p, "ttft"), ms(t, p, "itl"), ms(t, p, "tpot"), count(t, p, "tokens"));
            }
        }
        Slo.Conversation conversation = Slo.Conversation.NONE;
        if (map.has("conversation")) {
            String p = NodeReader.child(path, "conversation");
            YamlNode.Mapping c = reader.mapping(map.get("conversation"), p, CONVERSATION_KEYS,
                    "{ time_to_resolution: 20s, worst_turn_ttft: 1s, tokens: 4000, cost: 0.01 }");
            if (c != null) {
                Double cost = c.has("cost") ? reader.number(c.get("cost"), NodeReader.child(p, "cost"), 0, "0.01") : null;
                if (cost != null && !priced) {
                    reader.error(c.entry("cost").key(), NodeReader.child(p, "cost"), "a cost objective needs the price of the"
                            + " target's model: add target.model and pricing: { <model>: { input_per_1m: 2.0, output_per_1m: 8.0 } }");
                }
                conversation = new Slo.Conversation(ms(c, p, "time_to_resolution"), ms(c, p, "worst_turn_ttft"),
                        count(c, p, "tokens"), cost);
            }
        }
        return reader.errors().size() > before ? null : new Slo(turn, conversation);
    }

    private Double ms(YamlNode.Mapping map, String path, String key) {
        if (!map.has(key)) {
            return null;
        }
        Duration d = reader.duration(map.get(key), NodeReader.child(path, key), false);
        return d == null ? null : d.toNanos() / 1_000_000.0;
    }

    private Long count(YamlNode.Mapping map, String path, String key) {
        if (!map.has(key)) {
            return null;
        }
        Integer n = reader.integer(map.get(key), NodeReader.child(path, key), 1, Integer.MAX_VALUE, key + ": 4000");
        return n == null ? null : n.longValue();
    }
}
