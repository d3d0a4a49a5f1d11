package io.stampede.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.stampede.metrics.Counters;
import io.stampede.metrics.KeyStats;
import io.stampede.metrics.MetricKey;
import io.stampede.metrics.MetricsSnapshot;
import io.stampede.wire.IntervalReport;
import io.stampede.wire.NodeEvent;
import io.stampede.wire.SlicePlan;
import io.stampede.wire.UserProgress;

/** What the lanes of one slice reported, as a coordinator would merge it. */
record SliceResult(SlicePlan plan, long startAtMs, List<String> sources, List<Received> reports) {

    record Received(long atMs, IntervalReport report) {
    }

    /** The lanes' own cumulative totals, from their last reports (what the summary uses). */
    MetricsSnapshot totals() {
        MetricsSnapshot all = new MetricsSnapshot();
        lastReports().forEach(r -> all.add(r.cumulative().toSnapshot()));
        return all;
    }

    /** Every interval added up (equal to {@link #totals()} when nothing was lost). */
    MetricsSnapshot intervals() {
        MetricsSnapshot all = new MetricsSnapshot();
        reports.forEach(r -> all.add(r.report().interval().toSnapshot()));
        return all;
    }

    List<IntervalReport> lastReports() {
        return reports.stream().map(Received::report).filter(IntervalReport::last).toList();
    }

    /** When the last of the lanes' last reports arrived. */
    long finishedAtMs() {
        return reports.stream().filter(r -> r.report().last()).mapToLong(Received::atMs).max().orElseThrow();
    }

    KeyStats step(String name) {
        return key(MetricKey.step(name));
    }

    KeyStats node(String type) {
        return key(MetricKey.node(type));
    }

    KeyStats key(String key) {
        KeyStats s = totals().keys().get(key);
        return s == null ? new KeyStats() : s;
    }

    Map<String, KeyStats> keys() {
        return totals().keys();
    }

    Counters counters() {
        return totals().counters();
    }

    /** Each user's latest progress as the reports told it (a user stays in one lane, whose reports are numbered). */
    Map<Integer, UserProgress> progress() {
        Map<Integer, UserProgress> latest = new TreeMap<>();
        reports.stream().map(Received::report).sorted(Comparator.comparingLong(IntervalReport::seq))
                .forEach(r -> r.users().forEach(u -> latest.put(u.user(), u)));
        return latest;
    }

    List<NodeEvent> events() {
        List<NodeEvent> all = new ArrayList<>();
        reports.forEach(r -> all.addAll(r.report().events()));
        return all;
    }
}
