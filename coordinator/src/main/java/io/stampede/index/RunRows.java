package io.stampede.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The SQL of one run's rows: the {@code runs} row (an upsert both stores understand:
 * {@code INSERT … ON CONFLICT (id) DO UPDATE}), its tags, labels, keys, checks and thresholds,
 * and reading them back. Plain JDBC, typed binds (a null is bound with its column's type, which
 * PostgreSQL needs).
 *
 * <p>Why one class of this length: each column's bind and its read by position must agree with
 * the one column list ({@code NAMES}) and the migrations, so a column's write and read are best
 * checked against each other in one reading; the runs list's filters are apart, in RunSearch.
 */
final class RunRows {
    /** The columns of {@code runs} in the order {@link #read} and {@link #upsert} use. */
    private static final List<String> NAMES = List.of("id", "scenario", "status", "verdict", "reason", "submitted_by", "origin",
            "created_at", "started_at", "ended_at", "users", "workers", "duration_s", "requests", "request_errors", "rps",
            "success_rate", "conversations", "goodput", "p50_ms", "p95_ms", "p99_ms", "ttft_p95_ms", "tokens_input",
            "tokens_output", "tokens_per_conversation", "cost", "cost_per_conversation", "currency", "thresholds_passed",
            "folder_stamp", "indexed_at", "verdict_headline");
    static final String COLUMNS = String.join(", ", NAMES.stream().map(n -> "r." + n).toList());
    private static final String UPSERT = "INSERT INTO runs (" + String.join(", ", NAMES) + ") VALUES ("
            + String.join(", ", NAMES.stream().map(n -> "?").toList()) + ") ON CONFLICT (id) DO UPDATE SET "
            + String.join(", ", NAMES.stream().filter(n -> !n.equals("id")).map(n -> n + " = excluded." + n).toList());
    private static final List<String> LINE_TABLES = List.of("run_tags", "run_labels", "run_keys", "run_checks", "run_thresholds");

    private RunRows() {
    }

    static void upsert(Connection c, IndexedRun r, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            int i = 1;
            text(ps, i++, r.id());
            text(ps, i++, r.scenario());
            text(ps, i++, r.status());
            text(ps, i++, r.verdict());
            text(ps, i++, r.reason());
            text(ps, i++, r.submittedBy());
            text(ps, i++, r.origin());
            ps.setLong(i++, r.createdAt());
            bigint(ps, i++, r.startedAt());
            bigint(ps, i++, r.endedAt());
            integer(ps, i++, r.users());
            integer(ps, i++, r.workers());
            real(ps, i++, r.durationS());
            bigint(ps, i++, r.requests());
            bigint(ps, i++, r.errors());
            real(ps, i++, r.rps());
            real(ps, i++, r.successRate());
            bigint(ps, i++, r.conversations());
            real(ps, i++, r.goodput());
            real(ps, i++, r.p50Ms());
            real(ps, i++, r.p95Ms());
            real(ps, i++, r.p99Ms());
            real(ps, i++, r.ttftP95Ms());
            bigint(ps, i++, r.tokensInput());
            bigint(ps, i++, r.tokensOutput());
            real(ps, i++, r.tokensPerConversation());
            real(ps, i++, r.cost());
            real(ps, i++, r.costPerConversation());
            text(ps, i++, r.currency());
            integer(ps, i++, r.thresholdsPassed() == null ? null : r.thresholdsPassed() ? 1 : 0);
            ps.setLong(i++, r.folderStamp());
            ps.setLong(i++, now);
            text(ps, i, r.verdictHeadline());
            ps.executeUpdate();
        }
    }

    static void deleteLines(Connection c, String id) throws SQLException {
        for (String table : LINE_TABLES) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE run_id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
        }
    }

    static void insertLines(Connection c, IndexedRun r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO run_tags (run_id, tag) VALUES (?, ?)")) {
            for (String tag : r.tags()) {
                ps.setString(1, r.id());
                ps.setString(2, tag);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO run_labels (run_id, name, value) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> label : r.labels().entrySet()) {
                ps.setString(1, r.id());
                ps.setString(2, label.getKey());
                ps.setString(3, label.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO run_keys (run_id, kind, name, calls, errors, success_rate,"
                + " p50_ms, p95_ms, p99_ms, ttft_p95_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (IndexedRun.KeyFigures k : r.keys()) {
                ps.setString(1, r.id());
                ps.setString(2, k.kind());
                ps.setString(3, k.name());
                bigint(ps, 4, k.count());
                bigint(ps, 5, k.errors());
                real(ps, 6, k.successRate());
                real(ps, 7, k.p50Ms());
                real(ps, 8, k.p95Ms());
                real(ps, 9, k.p99Ms());
                real(ps, 10, k.ttftP95Ms());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO run_checks (run_id, step, name, judged, failures, pass_rate) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (IndexedRun.CheckFigures k : r.checks()) {
                ps.setString(1, r.id());
                ps.setString(2, k.step());
                ps.setString(3, k.check());
                bigint(ps, 4, k.count());
                bigint(ps, 5, k.failures());
                real(ps, 6, k.passRate());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO run_thresholds (run_id, position, metric, expression, actual,"
                + " limit_value, passed) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            int position = 0;
            for (IndexedRun.ThresholdVerdict t : r.thresholds()) {
                ps.setString(1, r.id());
                ps.setInt(2, position++);
                ps.setString(3, t.metric());
                text(ps, 4, t.expression());
                real(ps, 5, t.actual());
                real(ps, 6, t.limit());
                ps.setInt(7, t.passed() ? 1 : 0);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** One {@code runs} row selected with {@link #COLUMNS}; no tags, labels or lines yet. */
    static IndexedRun read(ResultSet rs) throws SQLException {
        Integer passed = integer(rs, 30);
        return new IndexedRun(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(33), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getLong(8), bigint(rs, 9), bigint(rs, 10), integer(rs, 11), integer(rs, 12),
                real(rs, 13), bigint(rs, 14), bigint(rs, 15), real(rs, 16), real(rs, 17), bigint(rs, 18), real(rs, 19),
                real(rs, 20), real(rs, 21), real(rs, 22), real(rs, 23), bigint(rs, 24), bigint(rs, 25), real(rs, 26),
                real(rs, 27), real(rs, 28), rs.getString(29), passed == null ? null : passed != 0, List.of(), Map.of(),
                List.of(), List.of(), List.of(), rs.getLong(31));
    }

    /** The runs with their tags and labels, read in two queries for the whole page. */
    static List<IndexedRun> withTags(Connection c, List<IndexedRun> runs) throws SQLException {
        if (runs.isEmpty()) {
            return runs;
        }
        Map<String, TreeSet<String>> tags = new HashMap<>();
        Map<String, TreeMap<String, String>> labels = new HashMap<>();
        for (List<IndexedRun> chunk : chunks(runs)) {
            String in = placeholders(chunk.size());
            try (PreparedStatement ps = c.prepareStatement("SELECT run_id, tag FROM run_tags WHERE run_id IN (" + in + ")")) {
                bindIds(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tags.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT run_id, name, value FROM run_labels WHERE run_id IN (" + in + ")")) {
                bindIds(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        labels.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getString(3));
                    }
                }
            }
        }
        List<IndexedRun> out = new ArrayList<>(runs.size());
        for (IndexedRun r : runs) {
            out.add(r.withTags(List.copyOf(tags.getOrDefault(r.id(), new TreeSet<>())),
                    Map.copyOf(labels.getOrDefault(r.id(), new TreeMap<>()))));
        }
        return out;
    }

    /** The runs with their steps, nodes, checks and thresholds. */
    static List<IndexedRun> withLines(Connection c, List<IndexedRun> runs) throws SQLException {
        if (runs.isEmpty()) {
            return runs;
        }
        Map<String, List<IndexedRun.KeyFigures>> keys = new HashMap<>();
        Map<String, List<IndexedRun.CheckFigures>> checks = new HashMap<>();
        Map<String, List<IndexedRun.ThresholdVerdict>> thresholds = new HashMap<>();
        for (List<IndexedRun> chunk : chunks(runs)) {
            String in = placeholders(chunk.size());
            try (PreparedStatement ps = c.prepareStatement("SELECT run_id, kind, name, calls, errors, success_rate, p50_ms, p95_ms,"
                    + " p99_ms, ttft_p95_ms FROM run_keys WHERE run_id IN (" + in + ") ORDER BY run_id, kind DESC, name")) {
                bindIds(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        keys.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new IndexedRun.KeyFigures(
                                rs.getString(2), rs.getString(3), bigint(rs, 4), bigint(rs, 5), real(rs, 6), real(rs, 7),
                                real(rs, 8), real(rs, 9), real(rs, 10)));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT run_id, step, name, judged, failures, pass_rate FROM run_checks"
                    + " WHERE run_id IN (" + in + ") ORDER BY run_id, step, name")) {
                bindIds(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        checks.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new IndexedRun.CheckFigures(
                                rs.getString(2), rs.getString(3), bigint(rs, 4), bigint(rs, 5), real(rs, 6)));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT run_id, metric, expression, actual, limit_value, passed"
                    + " FROM run_thresholds WHERE run_id IN (" + in + ") ORDER BY run_id, position")) {
                bindIds(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        thresholds.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new IndexedRun.ThresholdVerdict(
                                rs.getString(2), rs.getString(3), real(rs, 4), real(rs, 5), rs.getInt(6) != 0));
                    }
                }
            }
        }
        List<IndexedRun> out = new ArrayList<>(runs.size());
        for (IndexedRun r : runs) {
            out.add(r.withLines(List.copyOf(keys.getOrDefault(r.id(), List.of())),
                    List.copyOf(checks.getOrDefault(r.id(), List.of())), List.copyOf(thresholds.getOrDefault(r.id(), List.of()))));
        }
        return out;
    }

    /** At most 500 ids per IN list: well under either store's limit on parameters. */
    private static List<List<IndexedRun>> chunks(List<IndexedRun> runs) {
        List<List<IndexedRun>> chunks = new ArrayList<>();
        for (int i = 0; i < runs.size(); i += 500) {
            chunks.add(runs.subList(i, Math.min(runs.size(), i + 500)));
        }
        return chunks;
    }

    static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private static void bindIds(PreparedStatement ps, List<IndexedRun> runs) throws SQLException {
        for (int i = 0; i < runs.size(); i++) {
            ps.setString(i + 1, runs.get(i).id());
        }
    }

    static void text(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, v);
        }
    }

    static void bigint(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    private static void integer(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, v);
        }
    }

    private static void real(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }

    private static Long bigint(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    private static Integer integer(ResultSet rs, int i) throws SQLException {
        int v = rs.getInt(i);
        return rs.wasNull() ? null : v;
    }

    private static Double real(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }
}
