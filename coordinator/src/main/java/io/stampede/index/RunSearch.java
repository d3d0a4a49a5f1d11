package io.stampede.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The runs list's SQL: one WHERE clause built from a {@link RunQuery} (every value a parameter),
 * one query for the page and one for the count. Tags and labels are matched with
 * {@code r.id IN (SELECT run_id …)} on their own tables, indexed by tag and by label: a filter on a
 * label reads only that label's runs (an {@code EXISTS} per row made SQLite visit every run).
 */
final class RunSearch {
    private RunSearch() {
    }

    /** A run's id and creation time: what retention decides on. */
    record Age(String id, long createdAt, String status) {
    }

    static RunPage find(Connection c, RunQuery q) throws SQLException {
        Where where = where(q);
        List<IndexedRun> runs = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + RunRows.COLUMNS + " FROM runs r" + where.sql
                + " ORDER BY r.created_at DESC, r.id DESC LIMIT ? OFFSET ?")) {
            int i = where.bind(ps);
            ps.setInt(i++, q.limit());
            ps.setInt(i, q.offset());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.add(RunRows.read(rs));
                }
            }
        }
        long total;
        if (q.offset() == 0 && runs.size() < q.limit()) {
            total = runs.size(); // the page holds every match
        } else {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM runs r" + where.sql)) {
                where.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
        }
        return new RunPage(RunRows.withTags(c, runs), total, q.limit(), q.offset());
    }

    /** Finished runs without {@code keptTag}, newest first. */
    static List<Age> removable(Connection c, String keptTag) throws SQLException {
        List<Age> ages = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT r.id, r.created_at, r.status FROM runs r"
                + " WHERE r.status IN ('done', 'failed', 'aborted')"
                + " AND NOT EXISTS (SELECT 1 FROM run_tags t WHERE t.run_id = r.id AND t.tag = ?)"
                + " ORDER BY r.created_at DESC, r.id DESC")) {
            ps.setString(1, keptTag);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ages.add(new Age(rs.getString(1), rs.getLong(2), rs.getString(3)));
                }
            }
        }
        return ages;
    }

    /** A WHERE clause and its parameters, in order. */
    private record Where(String sql, List<Object> params) {
        int bind(PreparedStatement ps) throws SQLException {
            int i = 1;
            for (Object p : params) {
                if (p instanceof Long l) {
                    ps.setLong(i++, l);
                } else {
                    ps.setString(i++, (String) p);
                }
            }
            return i;
        }
    }

    private static Where where(RunQuery q) {
        List<String> terms = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (q.scenario() != null) {
            terms.add("r.scenario = ?");
            params.add(q.scenario());
        }
        for (String tag : q.tags()) {
            terms.add("r.id IN (SELECT t.run_id FROM run_tags t WHERE t.tag = ?)");
            params.add(tag);
        }
        for (Map.Entry<String, String> label : q.labels().entrySet()) {
            terms.add("r.id IN (SELECT l.run_id FROM run_labels l WHERE l.name = ? AND l.value = ?)");
            params.add(label.getKey());
            params.add(label.getValue());
        }
        if (!q.statuses().isEmpty()) {
            terms.add("r.status IN (" + RunRows.placeholders(q.statuses().size()) + ")");
            params.addAll(q.statuses());
        }
        if (!q.verdicts().isEmpty()) {
            terms.add("r.verdict IN (" + RunRows.placeholders(q.verdicts().size()) + ")");
            params.addAll(q.verdicts());
        }
        if (q.since() != null) {
            terms.add("r.created_at >= ?");
            params.add(q.since());
        }
        if (q.until() != null) {
            terms.add("r.created_at < ?");
            params.add(q.until());
        }
        return new Where(terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms), params);
    }
}
