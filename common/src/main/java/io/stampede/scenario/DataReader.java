package io.stampede.scenario;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.stampede.dataset.ConversationFormat;
import io.stampede.dataset.Distribution;
import io.stampede.dataset.SyntheticPrompts;

/**
 * Reads {@code data:}: CSV rows ({@code data: users.csv}, {@code {file: users.csv}}), or a
 * conversation {@link Dataset}: a JSONL file ({@code data: chats.jsonl}, {@code {file: …, order,
 * unique, seed}}), a recorded run to replay ({@code {replay: RUN_DIR, timing, speed}}) or
 * synthetic prompts ({@code {synthetic: {input_tokens, output_tokens, turns}, seed}}).
 *
 * <p>A relative file is resolved against the scenario's folder ({@link ScenarioSource#baseDir()}).
 * A CSV file is read whole (it is small, and travels to the workers); a JSONL file is only
 * checked here — it exists, and its first {@value #CHECKED_ROWS} rows are conversations — and is
 * read by row during the run. When the source already carries the rows (a worker gets them over
 * the wire), no file is read. A text that did not come from a file (posted over HTTP) may not
 * name a file: that would let an API caller read any file the coordinator can reach.
 */
final class DataReader {
    static final List<String> KEYS = List.of("file", "order", "unique", "seed", "replay", "timing", "speed", "synthetic");
    static final int CHECKED_ROWS = 100;
    private static final Map<String, Dataset.Order> ORDERS = byName(Dataset.Order.values());
    private static final Map<String, Dataset.Timing> TIMINGS = new LinkedHashMap<>();

    static {
        for (Dataset.Timing t : Dataset.Timing.values()) {
            TIMINGS.put(t.yamlName(), t);
        }
    }

    /** What {@code data:} holds: CSV rows or a conversation dataset (one of them null). */
    record Data(DataTable table, Dataset dataset) {
    }

    private final NodeReader reader;

    DataReader(NodeReader reader) {
        this.reader = reader;
    }

    /** The data, or null after an error. */
    Data read(YamlNode node, String path, ScenarioSource source) {
        if (!(node instanceof YamlNode.Mapping map)) {
            String file = reader.text(node, path, "users.csv");
            if (file == null) {
                return null;
            }
            return isJsonl(file) ? jsonl(node, path, file, node, Dataset.Order.SEQUENTIAL, false, 1, source)
                    : csv(node, path, file, source);
        }
        reader.unknownKeys(map, path, KEYS);
        List<String> kinds = map.entries().stream().map(YamlNode.Entry::name)
                .filter(k -> k.equals("file") || k.equals("replay") || k.equals("synthetic")).toList();
        if (kinds.isEmpty()) {
            if (map.entries().stream().allMatch(e -> KEYS.contains(e.name()))) {
                reader.error(map, path, "data needs one of file (CSV or JSONL), replay (a recorded run's folder) or synthetic:"
                        + " write e.g. data: { file: conversations.jsonl }");
            }
            return null;
        }
        if (kinds.size() > 1) {
            YamlNode.Entry second = map.entry(kinds.get(1));
            reader.error(second.key(), NodeReader.child(path, second.name()), "data is one of file, replay or synthetic: keep '"
                    + kinds.get(0) + "' or '" + kinds.get(1) + "'");
            return null;
        }
        String kind = kinds.get(0);
        boolean csv = kind.equals("file") && !isJsonl(textOrEmpty(map.get("file")));
        for (YamlNode.Entry e : map.entries()) {
            String allowedFor = switch (e.name()) {
                case "order", "unique" -> kind.equals("file") && !csv ? null : "a JSONL file of conversations (file: chats.jsonl)";
                case "seed" -> csv ? "a conversation dataset (JSONL or synthetic)" : null;
                case "timing", "speed" -> kind.equals("replay") ? null : "replay";
                default -> null;
            };
            if (allowedFor != null) {
                reader.error(e.key(), NodeReader.child(path, e.name()), "'" + e.name() + "' applies to " + allowedFor
                        + (csv ? ": a CSV file gives user i row i mod rows" : ""));
                return null;
            }
        }
        long seed = map.has("seed") ? integer(map.get("seed"), NodeReader.child(path, "seed")) : 1;
        return switch (kind) {
            case "file" -> {
                YamlNode fileNode = map.get("file");
                String file = reader.text(fileNode, NodeReader.child(path, "file"), "conversations.jsonl");
                if (file == null) {
                    yield null;
                }
                if (csv) {
                    yield csv(fileNode, NodeReader.child(path, "file"), file, source);
                }
                Dataset.Order order = map.has("order")
                        ? reader.choice(map.get("order"), NodeReader.child(path, "order"), ORDERS) : Dataset.Order.SEQUENTIAL;
                Boolean unique = map.has("unique") ? reader.bool(map.get("unique"), NodeReader.child(path, "unique")) : Boolean.FALSE;
                if (order == null || unique == null) {
                    yield null;
                }
                if (unique && order == Dataset.Order.WEIGHTED) {
                    reader.error(map.get("unique"), NodeReader.child(path, "unique"), "order: weighted draws rows with"
                            + " replacement, so unique: true does not go with it: use order: random for each row once");
                    yield null;
                }
                yield jsonl(fileNode, NodeReader.child(path, "file"), file, map, order, unique, seed, source);
            }
            case "replay" -> replay(map, path, seed, source);
            default -> synthetic(map.get("synthetic"), NodeReader.child(path, "synthetic"), seed);
        };
    }

    // ---- CSV

    private Data csv(YamlNode fileNode, String filePath, String file, ScenarioSource source) {
        if (source.data() != null) {
            return new Data(source.data(), null);
        }
        Path resolved = resolve(fileNode, filePath, file, source, false);
        if (resolved == null) {
            return null;
        }
        try {
            return new Data(CsvFeed.read(resolved), null);
        } catch (IllegalArgumentException e) {
            reader.error(fileNode, filePath, "data file " + resolved + " " + e.getMessage());
        } catch (IOException e) {
            reader.error(fileNode, filePath, "data file " + resolved + " cannot be read (" + e.getMessage() + "): check its permissions");
        }
        return null;
    }

    // ---- conversations

    private Data jsonl(YamlNode fileNode, String filePath, String file, YamlNode at, Dataset.Order order, boolean unique, long seed,
                       ScenarioSource source) {
        if (source.data() != null) {
            return new Data(null, new Dataset(Dataset.Kind.JSONL, file, null, order, unique, seed, null, 1, null));
        }
        Path resolved = resolve(fileNode, filePath, file, source, false);
        if (resolved == null || !firstRowsAreConversations(fileNode, filePath, resolved)) {
            return null;
        }
        return new Data(null, new Dataset(Dataset.Kind.JSONL, file, resolved, order, unique, seed, null, 1, null));
    }

    private Data replay(YamlNode.Mapping map, String path, long seed, ScenarioSource source) {
        YamlNode dirNode = map.get("replay");
        String dirPath = NodeReader.child(path, "replay");
        String dir = reader.text(dirNode, dirPath, "results/r-20260101-120000-abcd");
        Dataset.Timing timing = map.has("timing")
                ? reader.choice(map.get("timing"), NodeReader.child(path, "timing"), TIMINGS) : Dataset.Timing.AS_FAST;
        Double speed = map.has("speed") ? reader.number(map.get("speed"), NodeReader.child(path, "speed"), 0, "2") : null;
        if (dir == null || timing == null || (map.has("speed") && speed == null)) {
            return null;
        }
        if (speed != null && speed <= 0) {
            reader.error(map.get("speed"), NodeReader.child(path, "speed"), "speed must be more than 0: 2 replays twice as fast");
            return null;
        }
        if (timing == Dataset.Timing.SCALED && speed == null) {
            reader.error(map.entry("timing").value(), NodeReader.child(path, "timing"), "timing: scaled needs a speed: write"
                    + " e.g. speed: 2 (twice as fast as recorded)");
            return null;
        }
        if (speed != null && timing != Dataset.Timing.SCALED) {
            reader.error(map.entry("speed").key(), NodeReader.child(path, "speed"), "speed applies to timing: scaled;"
                    + " this replay's timing is " + timing.yamlName());
            return null;
        }
        double factor = speed == null ? 1 : speed;
        if (source.data() != null) {
            return new Data(null, new Dataset(Dataset.Kind.REPLAY, dir, null, Dataset.Order.SEQUENTIAL, true, seed, timing, factor,
                    null));
        }
        Path folder = resolve(dirNode, dirPath, dir, source, true);
        if (folder == null) {
            return null;
        }
        Path file = folder.resolve(Dataset.RECORDING);
        if (!Files.isRegularFile(file)) {
            reader.error(dirNode, dirPath, folder + " has no " + Dataset.RECORDING + ": replay a run that was made with"
                    + " stampede run FILE --record");
            return null;
        }
        if (!firstRowsAreConversations(dirNode, dirPath, file)) {
            return null;
        }
        return new Data(null, new Dataset(Dataset.Kind.REPLAY, dir, file, Dataset.Order.SEQUENTIAL, true, seed, timing, factor, null));
    }

    /** Reads the first rows: a file in the wrong format is a load error, not a run of failed conversations. */
    private boolean firstRowsAreConversations(YamlNode node, String path, Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int rows = 0;
            long line = 0;
            for (String text = in.readLine(); text != null && rows < CHECKED_ROWS; text = in.readLine()) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                try {
                    ConversationFormat.parse(text, rows);
                } catch (IllegalArgumentException e) {
                    reader.error(node, path, file.getFileName() + " line " + line + " " + e.getMessage());
                    return false;
                }
                rows++;
            }
            if (rows == 0) {
                reader.error(node, path, file + " holds no conversation: write one JSON object per line, e.g. "
                        + "{\"messages\": [{\"role\": \"user\", \"content\": \"hello\"}]}");
                return false;
            }
            return true;
        } catch (IOException | java.io.UncheckedIOException e) {
            reader.error(node, path, file + " cannot be read as UTF-8 text (" + e.getMessage() + ")");
            return false;
        }
    }

    private Data synthetic(YamlNode node, String path, long seed) {
        YamlNode.Mapping map = reader.mapping(node, path, List.of("input_tokens", "output_tokens", "turns"),
                "{ input_tokens: 512, output_tokens: 128 }");
        if (map == null) {
            return null;
        }
        YamlNode inputNode = reader.required(map, path, "input_tokens", "input_tokens: 512");
        Distribution input = inputNode == null ? null : distribution(inputNode, NodeReader.child(path, "input_tokens"));
        Distribution output = map.has("output_tokens") ? distribution(map.get("output_tokens"), NodeReader.child(path, "output_tokens")) : null;
        Integer turns = map.has("turns") ? reader.integer(map.get("turns"), NodeReader.child(path, "turns"), 1, 100, "turns: 1") : Integer.valueOf(1);
        if (input == null || turns == null || (map.has("output_tokens") && output == null)) {
            return null;
        }
        return new Data(null, new Dataset(Dataset.Kind.SYNTHETIC, "synthetic", null, Dataset.Order.SEQUENTIAL, false, seed, null, 1,
                new SyntheticPrompts(input, output, turns, seed)));
    }

    // ---- distributions of token counts

    private static final String DISTRIBUTIONS = "512, { normal: { mean: 512, stddev: 128 } }, { uniform: { min: 128, max: 1024 } }"
            + " or { histogram: { 128: 5, 512..1024: 3 } }";

    /** {@code 512}, or a mapping of one kind ({@code normal}, {@code uniform}, {@code histogram}) with optional {@code min}, {@code max}. */
    Distribution distribution(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar) {
            Integer n = reader.integer(node, path, 1, 1_000_000, DISTRIBUTIONS);
            return n == null ? null : Distribution.fixed(n);
        }
        YamlNode.Mapping map = reader.mapping(node, path, List.of("normal", "uniform", "histogram", "min", "max"), DISTRIBUTIONS);
        if (map == null) {
            return null;
        }
        List<String> kinds = map.entries().stream().map(YamlNode.Entry::name)
                .filter(k -> k.equals("normal") || k.equals("uniform") || k.equals("histogram")).toList();
        if (kinds.size() != 1) {
            reader.error(map, path, (kinds.isEmpty() ? "no distribution" : "one distribution at a time") + ": write "
                    + DISTRIBUTIONS);
            return null;
        }
        Integer min = map.has("min") ? reader.integer(map.get("min"), NodeReader.child(path, "min"), 1, 1_000_000, "min: 16") : Integer.valueOf(1);
        Integer max = map.has("max") ? reader.integer(map.get("max"), NodeReader.child(path, "max"), 1, 1_000_000, "max: 4096")
                : Integer.valueOf(1_000_000);
        if (min == null || max == null) {
            return null;
        }
        if (min > max) {
            reader.error(map.get("min"), NodeReader.child(path, "min"), "min (" + min + ") is above max (" + max + ")");
            return null;
        }
        String kind = kinds.get(0);
        String kindPath = NodeReader.child(path, kind);
        YamlNode value = map.get(kind);
        return switch (kind) {
            case "normal" -> {
                YamlNode.Mapping m = reader.mapping(value, kindPath, List.of("mean", "stddev"), "{ mean: 512, stddev: 128 }");
                if (m == null) {
                    yield null;
                }
                YamlNode meanNode = reader.required(m, kindPath, "mean", "mean: 512");
                YamlNode sdNode = reader.required(m, kindPath, "stddev", "stddev: 128");
                Double mean = meanNode == null ? null : reader.number(meanNode, NodeReader.child(kindPath, "mean"), 1, "512");
                Double sd = sdNode == null ? null : reader.number(sdNode, NodeReader.child(kindPath, "stddev"), 0, "128");
                yield mean == null || sd == null ? null
                        : new Distribution(Distribution.Kind.NORMAL, mean, sd, List.of(), min, max);
            }
            case "uniform" -> {
                YamlNode.Mapping m = reader.mapping(value, kindPath, List.of("min", "max"), "{ min: 128, max: 1024 }");
                if (m == null) {
                    yield null;
                }
                YamlNode loNode = reader.required(m, kindPath, "min", "min: 128");
                YamlNode hiNode = reader.required(m, kindPath, "max", "max: 1024");
                Integer lo = loNode == null ? null : reader.integer(loNode, NodeReader.child(kindPath, "min"), 1, 1_000_000, "128");
                Integer hi = hiNode == null ? null : reader.integer(hiNode, NodeReader.child(kindPath, "max"), 1, 1_000_000, "1024");
                if (lo != null && hi != null && lo > hi) {
                    reader.error(loNode, NodeReader.child(kindPath, "min"), "min (" + lo + ") is above max (" + hi + ")");
                    yield null;
                }
                yield lo == null || hi == null ? null : new Distribution(Distribution.Kind.UNIFORM, lo, hi, List.of(), min, max);
            }
            default -> histogram(value, kindPath, min, max);
        };
    }

    private Distribution histogram(YamlNode node, String path, int min, int max) {
        YamlNode.Mapping m = reader.anyMapping(node, path, "{ 128: 5, 512..1024: 3 } (tokens or a range of them: weight)");
        if (m == null) {
            return null;
        }
        if (m.entries().isEmpty()) {
            reader.error(m, path, "no buckets: write e.g. { 128: 5, 512..1024: 3 }");
            return null;
        }
        List<Distribution.Bucket> buckets = new ArrayList<>();
        for (YamlNode.Entry e : m.entries()) {
            String bucketPath = NodeReader.child(path, e.name());
            int[] range = range(e.name());
            if (range == null) {
                reader.error(e.key(), bucketPath, "'" + e.name() + "' is not a token count or a range of them: write e.g. 128 or 512..1024");
                return null;
            }
            Double weight = reader.number(e.value(), bucketPath, 0, "5");
            if (weight == null) {
                return null;
            }
            buckets.add(new Distribution.Bucket(range[0], range[1], weight));
        }
        if (buckets.stream().mapToDouble(Distribution.Bucket::weight).sum() <= 0) {
            reader.error(m, path, "every bucket weighs 0: give at least one a weight above 0");
            return null;
        }
        return new Distribution(Distribution.Kind.HISTOGRAM, 0, 0, buckets, min, max);
    }

    private static int[] range(String text) {
        String[] parts = text.split("\\.\\.", -1);
        try {
            int from = Integer.parseInt(parts[0].trim());
            int to = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : from;
            return parts.length > 2 || from < 1 || to < from ? null : new int[] {from, to};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---- files

    private Path resolve(YamlNode node, String path, String file, ScenarioSource source, boolean folder) {
        if (source.baseDir() == null) {
            reader.error(node, path, "a scenario that is not read from a file cannot name a data " + (folder ? "folder" : "file")
                    + ": run it with 'stampede run FILE', which reads " + (folder ? "it" : "the rows") + " and sends them along");
            return null;
        }
        Path resolved;
        try {
            resolved = source.baseDir().resolve(file).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            reader.error(node, path, "'" + file + "' is not a file path: " + e.getReason());
            return null;
        }
        if (folder ? !Files.isDirectory(resolved) : !Files.isRegularFile(resolved)) {
            reader.error(node, path, (folder ? "run folder " : "data file ") + resolved + " does not exist: check the name"
                    + " (a relative path starts at the scenario's folder)");
            return null;
        }
        return resolved;
    }

    private long integer(YamlNode node, String path) {
        Object v = node instanceof YamlNode.Scalar s ? s.value() : null;
        if (v instanceof Long n) {
            return n;
        }
        reader.error(node, path, "expected a whole number, got " + NodeReader.describe(node) + ": write e.g. seed: 42");
        return 1;
    }

    static boolean isJsonl(String file) {
        String f = file.toLowerCase(Locale.ROOT);
        return f.endsWith(".jsonl") || f.endsWith(".ndjson");
    }

    private static String textOrEmpty(YamlNode node) {
        return node instanceof YamlNode.Scalar s && s.value() != null ? s.text() : "";
    }

    private static Map<String, Dataset.Order> byName(Dataset.Order[] values) {
        Map<String, Dataset.Order> out = new LinkedHashMap<>();
        for (Dataset.Order o : values) {
            out.put(o.yamlName(), o);
        }
        return out;
    }
}
