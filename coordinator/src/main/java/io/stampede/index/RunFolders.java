package io.stampede.index;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import io.stampede.results.ResultFolder;
import io.stampede.results.Verdict;
import io.stampede.results.ResultsJson;

/**
 * Reads a run folder into the row the index keeps for it: identity and course from
 * {@code run.json} (what the coordinator saved at submit, start and end), figures from
 * {@code summary.json}; a folder with only a summary (a copied folder, an older version) is
 * indexed from the summary alone. Both files are read as JSON trees, so a summary written by
 * another version (more fields, fewer) still indexes.
 *
 * <p>A folder's {@link #stamp} changes whenever either file is written again: a row whose stamp
 * is not the folder's is stale ({@link IndexSync}). Blocking IO.
 */
public final class RunFolders {
    /** The coordinator's record of a run (io.stampede.run's RunRecord), written at submit, start and end. */

    private RunFolders() {
    }

    /** The run folders directly under {@code dataDir}: directories holding a run.json or a summary.json. */
    public static List<Path> list(Path dataDir) throws IOException {
        List<Path> folders = new ArrayList<>();
        if (!Files.isDirectory(dataDir)) {
            return folders;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dataDir, Files::isDirectory)) {
            for (Path dir : dirs) {
                if (Files.isRegularFile(dir.resolve(ResultFolder.RUN_RECORD)) || Files.isRegularFile(dir.resolve(ResultFolder.SUMMARY))) {
                    folders.add(dir);
                }
            }
        }
        folders.sort(null);
        return folders;
    }

    /** When the folder's record or summary was last written (ms), 0 when it has neither. */
    public static long stamp(Path dir) {
        return Math.max(modified(dir.resolve(ResultFolder.RUN_RECORD)), modified(dir.resolve(ResultFolder.SUMMARY)));
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The row of the run in {@code dir}.
     *
     * @throws NoSuchFileException when the folder has neither run.json nor summary.json
     * @throws IOException when one of them cannot be read or parsed
     */
    public static IndexedRun read(Path dir) throws IOException {
        long stamp = stamp(dir);
        JsonNode record = tree(dir.resolve(ResultFolder.RUN_RECORD));
        JsonNode summary = tree(dir.resolve(ResultFolder.SUMMARY));
        if (record == null && summary == null) {
            throw new NoSuchFileException(dir.toString(), null, "neither " + ResultFolder.RUN_RECORD + " nor " + ResultFolder.SUMMARY
                    + ": not a run folder");
        }
        JsonNode r = record == null ? ResultsJson.MAPPER.createObjectNode() : record;
        JsonNode s = summary == null ? ResultsJson.MAPPER.createObjectNode() : summary;
        String id = text(r, "id", text(s, "run_id", dir.getFileName().toString()));
        String status = text(r, "status", text(s, "status", "done"));
        if (summary != null && isUnder(status)) {
            status = text(s, "status", status); // a summary is written when the run is over, just before its record says so
        }
        String reason = text(r, "reason", text(s, "reason", null));
        Long startedAt = longOr(r, "started_at", epochMs(s.path("started_at")));
        Long endedAt = longOr(r, "ended_at", epochMs(s.path("ended_at")));
        Long createdAt = longOr(r, "created_at", startedAt != null ? startedAt : stamp);
        JsonNode latency = s.path("latency_ms");
        JsonNode ttft = s.path("ttft_ms");
        JsonNode requests = s.path("requests");
        JsonNode tokens = s.path("tokens");
        JsonNode cost = s.path("cost");
        List<IndexedRun.ThresholdVerdict> thresholds = thresholds(s);
        Boolean passed = summary == null ? bool(r, "thresholds_passed") : bool(s, "thresholds_passed");
        return new IndexedRun(id, text(r, "scenario", text(s, "scenario", "unknown")), status,
                verdict(status, s, thresholds, passed), headline(status, reason, s, passed), reason, text(r, "submitted_by", null), text(r, "origin", null),
                createdAt, startedAt, endedAt,
                intOr(r, "users", intOr(s.path("users"), "target", null)), workers(s),
                dbl(s, "duration_s"), lng(requests, "count"), lng(requests, "errors"), dbl(requests, "rps"),
                dblOr(s, "success_rate", dbl(r, "success_rate")), lng(s.path("conversations"), "started"), goodput(s),
                dbl(latency, "p50"), dblOr(latency, "p95", dbl(r, "p95_ms")), dbl(latency, "p99"), dbl(ttft, "p95"),
                lng(tokens, "input"), lng(tokens, "output"), dbl(tokens, "per_conversation"),
                dbl(cost, "total"), dbl(cost, "per_conversation"), text(cost, "currency", null), passed,
                tags(r), labels(r), keys(s), checks(s), thresholds, stamp);
    }

    private static boolean isUnder(String status) {
        return status.equals("pending") || status.equals("running") || status.equals("stopping");
    }

    /**
     * The verdict's outcome: as the summary says when it says (a version that writes one), else
     * decided the same way from the status and the thresholds.
     */
    static String verdict(String status, JsonNode summary, List<IndexedRun.ThresholdVerdict> thresholds, Boolean passed) {
        String written = text(summary.path("verdict"), "outcome", null);
        if (written != null) {
            return written;
        }
        return switch (status) {
            case "done" -> thresholds.isEmpty() && passed == null ? "finished"
                    : thresholds.isEmpty() ? (passed ? "finished" : "failed")
                    : thresholds.stream().allMatch(IndexedRun.ThresholdVerdict::passed) ? "passed" : "failed";
            case "aborted" -> "aborted";
            case "failed" -> "error";
            default -> "running";
        };
    }

    /** The verdict's words: as the summary says them, else the coarse ones of its status and thresholds. */
    static String headline(String status, String reason, JsonNode summary, Boolean passed) {
        String written = text(summary.path("verdict"), "headline", null);
        return written != null ? written : Verdict.coarse(status, reason, passed).headline();
    }

    /** Goodput in percent, once summaries carry it: a number, or an object with a share. */
    private static Double goodput(JsonNode summary) {
        JsonNode g = summary.path("goodput");
        if (g.isNumber()) {
            return g.doubleValue();
        }
        for (String name : List.of("share", "percent", "rate")) {
            if (g.path(name).isNumber()) {
                return g.path(name).doubleValue();
            }
        }
        return null;
    }

    private static Integer workers(JsonNode summary) {
        JsonNode lines = summary.path("workers");
        if (!lines.isArray()) {
            return null;
        }
        Set<String> ids = new HashSet<>();
        lines.forEach(w -> ids.add(w.path("worker_id").asText()));
        return ids.size();
    }

    private static List<String> tags(JsonNode record) {
        Set<String> tags = new TreeSet<>();
        record.path("tags").forEach(t -> {
            if (t.isTextual()) {
                tags.add(t.textValue());
            }
        });
        return List.copyOf(tags);
    }

    private static Map<String, String> labels(JsonNode record) {
        Map<String, String> labels = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = record.path("labels").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                labels.put(e.getKey(), e.getValue().asText());
            }
        }
        return labels;
    }

    private static List<IndexedRun.KeyFigures> keys(JsonNode summary) {
        List<IndexedRun.KeyFigures> keys = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String kind : List.of("step", "node")) {
            for (JsonNode line : summary.path(kind + "s")) {
                String name = text(line, "name", null);
                if (name != null && seen.add(kind + ":" + name)) {
                    JsonNode latency = line.path("latency_ms");
                    keys.add(new IndexedRun.KeyFigures(kind, name, lng(line, "count"), lng(line, "errors"),
                            dbl(line, "success_rate"), dbl(latency, "p50"), dbl(latency, "p95"), dbl(latency, "p99"),
                            dbl(line.path("ttft_ms"), "p95")));
                }
            }
        }
        return keys;
    }

    private static List<IndexedRun.CheckFigures> checks(JsonNode summary) {
        List<IndexedRun.CheckFigures> checks = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode line : summary.path("checks")) {
            String step = text(line, "step", null);
            String check = text(line, "check", null);
            if (step != null && check != null && seen.add(step + "\n" + check)) {
                Long judged = lng(line, "count");
                // A check never judged (its step failed first every time) has no pass rate: not a 0 % in a trend.
                checks.add(new IndexedRun.CheckFigures(step, check, judged, lng(line, "failures"),
                        judged != null && judged == 0 ? null : dbl(line, "pass_rate")));
            }
        }
        return checks;
    }

    private static List<IndexedRun.ThresholdVerdict> thresholds(JsonNode summary) {
        List<IndexedRun.ThresholdVerdict> thresholds = new ArrayList<>();
        for (JsonNode line : summary.path("thresholds")) {
            thresholds.add(new IndexedRun.ThresholdVerdict(text(line, "metric", "?"), text(line, "expression", null),
                    dbl(line, "actual"), dbl(line, "limit"), line.path("passed").asBoolean(false)));
        }
        return thresholds;
    }

    private static JsonNode tree(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        JsonNode node = ResultsJson.READER.readTree(file.toFile());
        if (node == null || !node.isObject()) {
            throw new IOException(file + " is not a JSON object");
        }
        return node;
    }

    private static Long epochMs(JsonNode iso) {
        if (!iso.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(iso.textValue()).toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String text(JsonNode node, String field, String otherwise) {
        JsonNode v = node.path(field);
        return v.isTextual() ? v.textValue() : otherwise;
    }

    private static Double dbl(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNumber() && Double.isFinite(v.doubleValue()) ? v.doubleValue() : null;
    }

    private static Double dblOr(JsonNode node, String field, Double otherwise) {
        Double v = dbl(node, field);
        return v != null ? v : otherwise;
    }

    private static Long lng(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNumber() ? v.longValue() : null;
    }

    private static Long longOr(JsonNode node, String field, Long otherwise) {
        Long v = lng(node, field);
        return v != null ? v : otherwise;
    }

    private static Integer intOr(JsonNode node, String field, Integer otherwise) {
        JsonNode v = node.path(field);
        return v.isNumber() ? Integer.valueOf(v.intValue()) : otherwise;
    }

    private static Boolean bool(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isBoolean() ? v.booleanValue() : null;
    }
}
