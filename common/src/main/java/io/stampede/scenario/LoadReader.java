package io.stampede.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.stampede.time.DurationRange;
import io.stampede.time.Durations;
import io.stampede.time.Rate;

/**
 * Reads {@code load:} (or its keys at the top level) and checks that it describes one bounded
 * load model: closed ({@code users}), open ({@code arrival_rate}) or staged ({@code stages}, all
 * entries of one kind). Without {@code load:} a scenario runs once with one user; users without
 * a duration or stages run the conversation once each.
 */
final class LoadReader {
    static final List<String> KEYS = List.of("users", "ramp_up", "duration", "iterations", "think_time",
            "arrival_rate", "arrivals", "max_users", "stages", "graceful_stop", "warmup", "repeat");
    /** Attempts of one task at most: pass^k beyond 20 says nothing more and costs a run k times longer. */
    static final int MAX_REPEAT = 20;
    static final int DEFAULT_MAX_USERS = 10_000;
    static final Duration DEFAULT_GRACEFUL_STOP = Duration.ofSeconds(10);
    private static final Map<String, Boolean> ARRIVALS = Map.of("constant", false, "poisson", true);

    private final NodeReader reader;
    /** The data ends the load (a dataset drawn once per row): no duration or iterations needed. */
    private final boolean boundedByData;

    LoadReader(NodeReader reader) {
        this(reader, false);
    }

    LoadReader(NodeReader reader, boolean boundedByData) {
        this.reader = reader;
        this.boundedByData = boundedByData;
    }

    /** No {@code load:} with a dataset that ends: one user, conversations until the rows are used up. */
    static Load untilDataEnds() {
        return new Load(1, Duration.ZERO, null, 0, DurationRange.ZERO, null, false, DEFAULT_MAX_USERS, List.of(), DEFAULT_GRACEFUL_STOP,
                Duration.ZERO, 1);
    }

    static Load defaults() {
        return new Load(1, Duration.ZERO, null, 1, DurationRange.ZERO, null, false, DEFAULT_MAX_USERS, List.of(), DEFAULT_GRACEFUL_STOP,
                Duration.ZERO, 1);
    }

    /** The load, or null after errors. */
    Load read(YamlNode node, String path) {
        YamlNode.Mapping map = reader.mapping(node, path, KEYS, "{ users: 10, duration: 1m }");
        if (map == null) {
            return null;
        }
        int before = reader.errors().size();
        Integer users = map.has("users") ? reader.integer(map.get("users"), child(path, "users"), 1, Integer.MAX_VALUE, "users: 50") : null;
        Duration rampUp = map.has("ramp_up") ? reader.duration(map.get("ramp_up"), child(path, "ramp_up"), true) : Duration.ZERO;
        Duration duration = map.has("duration") ? reader.duration(map.get("duration"), child(path, "duration"), false) : null;
        // Users with nothing that ends them (no duration, no stages) run the conversation once each;
        // a dataset drawn once ends them itself: they draw until its rows are used up.
        boolean timed = map.has("duration") || map.has("stages") || map.has("arrival_rate") || boundedByData;
        Integer iterations = map.has("iterations")
                ? reader.integer(map.get("iterations"), child(path, "iterations"), 0, Integer.MAX_VALUE, "iterations: 1")
                : Integer.valueOf(timed ? 0 : 1);
        DurationRange thinkTime = map.has("think_time") ? reader.durationRange(map.get("think_time"), child(path, "think_time")) : DurationRange.ZERO;
        Rate arrivalRate = map.has("arrival_rate") ? reader.rate(map.get("arrival_rate"), child(path, "arrival_rate")) : null;
        Boolean poisson = map.has("arrivals") ? reader.choice(map.get("arrivals"), child(path, "arrivals"), ARRIVALS) : Boolean.FALSE;
        Integer maxUsers = map.has("max_users")
                ? reader.integer(map.get("max_users"), child(path, "max_users"), 1, Integer.MAX_VALUE, "max_users: 500") : Integer.valueOf(DEFAULT_MAX_USERS);
        Duration gracefulStop = map.has("graceful_stop")
                ? reader.duration(map.get("graceful_stop"), child(path, "graceful_stop"), true) : DEFAULT_GRACEFUL_STOP;
        List<Stage> stages = map.has("stages") ? stages(map.get("stages"), child(path, "stages")) : List.of();
        Duration warmup = map.has("warmup") ? reader.duration(map.get("warmup"), child(path, "warmup"), true) : Duration.ZERO;
        Integer repeat = map.has("repeat")
                ? reader.integer(map.get("repeat"), child(path, "repeat"), 1, MAX_REPEAT, "repeat: 3") : Integer.valueOf(1);

        checkCombination(map, path, duration, iterations, rampUp, stages);
        if (reader.errors().size() > before || stages == null || repeat == null) {
            return null;
        }
        Duration planned = stages.isEmpty() ? duration : stages.stream().map(Stage::duration).reduce(Duration.ZERO, Duration::plus);
        if (warmup != null && planned != null && warmup.compareTo(planned) >= 0) {
            reader.error(map.get("warmup"), child(path, "warmup"), "warmup (" + Durations.format(warmup)
                    + ") leaves nothing to measure in a load of " + Durations.format(planned)
                    + ": shorten warmup or lengthen the load");
            return null;
        }
        boolean open = arrivalRate != null || stages.stream().anyMatch(s -> s.arrivalRate() != null);
        int closedUsers = users != null ? users : (open || !stages.isEmpty() ? 0 : 1);
        return new Load(closedUsers, rampUp, duration, iterations, thinkTime, arrivalRate, poisson, maxUsers, stages, gracefulStop, warmup,
                repeat);
    }

    private void checkCombination(YamlNode.Mapping map, String path, Duration duration, Integer iterations, Duration rampUp, List<Stage> stages) {
        boolean hasStages = map.has("stages");
        boolean open = map.has("arrival_rate") || (stages != null && stages.stream().anyMatch(s -> s.arrivalRate() != null));
        if (map.has("users") && map.has("arrival_rate")) {
            conflict(map, path, "arrival_rate", "users and arrival_rate exclude each other: users is the closed model (a fixed number of"
                    + " users looping), arrival_rate the open model (new users per second); keep one");
        }
        if (hasStages) {
            for (String key : List.of("users", "arrival_rate", "duration", "ramp_up")) {
                if (map.has(key)) {
                    conflict(map, path, key, "'" + key + "' does not go with stages: each stage gives its own duration and users"
                            + " or arrival_rate; remove '" + key + "' or the stages");
                }
            }
        }
        if (map.has("arrivals") && !open) {
            conflict(map, path, "arrivals", "arrivals (constant or poisson) shapes an arrival_rate: add arrival_rate: 20/s or remove arrivals");
        }
        if (map.has("max_users") && !open) {
            conflict(map, path, "max_users", "max_users caps the open model (arrival_rate); with users it has no effect: remove it");
        }
        if (open && map.has("iterations")) {
            conflict(map, path, "iterations", "with arrival_rate every arriving user runs the conversation once, so iterations does"
                    + " not apply: remove it and bound the run with duration");
        }
        boolean bounded = hasStages || duration != null || (!open && iterations != null && iterations > 0) || (boundedByData && !open);
        if (!bounded && !map.has("duration") && !(map.has("iterations") && iterations == null)) {
            reader.error(map, path, open
                    ? "the load never ends: an arrival_rate needs a duration, e.g. duration: 2m"
                    : "the load never ends: add duration: 2m, iterations: 1 (per user) or stages");
        }
        if (duration != null && rampUp != null && rampUp.compareTo(duration) > 0) {
            reader.error(map.get("ramp_up"), child(path, "ramp_up"), "ramp_up (" + Durations.format(rampUp)
                    + ") is longer than duration (" + Durations.format(duration) + "): shorten ramp_up or lengthen duration");
        }
    }

    private void conflict(YamlNode.Mapping map, String path, String key, String message) {
        reader.error(map.entry(key).key(), child(path, key), message);
    }

    private List<Stage> stages(YamlNode node, String path) {
        YamlNode.Sequence seq = reader.sequence(node, path, "[{duration: 30s, users: 10}, {duration: 1m, users: 100}]");
        if (seq == null) {
            return null;
        }
        if (seq.items().isEmpty()) {
            reader.error(seq, path, "no stages: write e.g. [{duration: 30s, users: 10}, {duration: 1m, users: 100}]");
            return null;
        }
        List<Stage> out = new ArrayList<>();
        Boolean firstIsRate = null;
        for (int i = 0; i < seq.items().size(); i++) {
            String stagePath = NodeReader.index(path, i);
            YamlNode.Mapping map = reader.mapping(seq.items().get(i), stagePath, List.of("duration", "users", "arrival_rate"),
                    "{duration: 30s, users: 10}");
            if (map == null) {
                continue;
            }
            YamlNode durationNode = reader.required(map, stagePath, "duration", "duration: 30s");
            Duration duration = durationNode == null ? null : reader.duration(durationNode, child(stagePath, "duration"), false);
            boolean hasUsers = map.has("users");
            boolean hasRate = map.has("arrival_rate");
            if (hasUsers == hasRate) {
                reader.error(map, stagePath, hasUsers
                        ? "a stage has users or arrival_rate, not both"
                        : "a stage needs users (closed model) or arrival_rate (open model), e.g. {duration: 30s, users: 10}");
                continue;
            }
            if (firstIsRate == null) {
                firstIsRate = hasRate;
            } else if (firstIsRate != hasRate) {
                YamlNode.Entry odd = map.entry(hasRate ? "arrival_rate" : "users");
                reader.error(odd.key(), child(stagePath, odd.name()), "all stages must be of one kind: the first stage uses "
                        + (firstIsRate ? "arrival_rate" : "users") + ", so this one must too");
                continue;
            }
            Integer users = hasUsers ? reader.integer(map.get("users"), child(stagePath, "users"), 0, Integer.MAX_VALUE, "users: 10") : null;
            Rate rate = hasRate ? reader.rate(map.get("arrival_rate"), child(stagePath, "arrival_rate")) : null;
            if (duration != null && (users != null || rate != null)) {
                out.add(new Stage(duration, users, rate, map.position()));
            }
        }
        return List.copyOf(out);
    }

    private static String child(String path, String key) {
        return NodeReader.child(path, key);
    }
}
