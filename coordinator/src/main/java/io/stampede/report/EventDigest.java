package io.stampede.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.stampede.wire.NodeEvent;

/**
 * What a report needs from {@code events.jsonl}, read in one streaming pass with bounded memory
 * (the file can hold a few hundred thousand lines): swimlanes for a sample of users, and a few
 * sample events per step and per node, failures first.
 *
 * <p>Swimlanes: every user's step events are kept up to {@link #MAX_STEP_EVENTS} in all; then the
 * {@link #LANES} users with the most events are shown, in user order. Events are themselves a
 * sample (docs/REPORTS.md, the run folder), so a lane can have gaps; the report says so.
 */
public final class EventDigest {
    static final int LANES = 24;
    static final int MAX_STEP_EVENTS = 60_000;
    static final int MAX_EVENTS_PER_LANE = 400;
    static final int ERROR_SAMPLES = 10;
    static final int OK_SAMPLES = 5;

    /** One step of one user on the time axis: seconds since the run's start. */
    public record LaneStep(double start, double end, String step, String status, double latencyMs, int iteration, String error) {
    }

    public record Lane(int userId, List<LaneStep> steps) {
    }

    private final long runStartMs;
    private final Map<Integer, List<LaneStep>> byUser = new HashMap<>();
    private final Map<String, Samples> stepSamples = new LinkedHashMap<>();
    private final Map<String, Samples> nodeSamples = new LinkedHashMap<>();
    private int kept;
    private long read;
    private long unreadable;

    private EventDigest(long runStartMs) {
        this.runStartMs = runStartMs;
    }

    /** Reads the file; a missing file reads as no events. */
    public static EventDigest read(Path file, long runStartMs) throws IOException {
        EventDigest digest = new EventDigest(runStartMs);
        if (!Files.isRegularFile(file)) {
            return digest;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    digest.accept(line);
                }
            }
        }
        return digest;
    }

    private void accept(String line) {
        NodeEvent e;
        try {
            e = RunFiles.READER.readValue(line, NodeEvent.class);
        } catch (JsonProcessingException ex) {
            unreadable++; // the last line of a log cut short
            return;
        }
        read++;
        boolean failed = !"ok".equals(e.status());
        if ("step".equals(e.node())) {
            stepSamples.computeIfAbsent(e.step(), k -> new Samples()).offer(e, failed);
            if (kept < MAX_STEP_EVENTS) {
                List<LaneStep> lane = byUser.computeIfAbsent(e.userId(), k -> new ArrayList<>());
                if (lane.size() < MAX_EVENTS_PER_LANE) {
                    double end = (e.ts() - runStartMs) / 1000.0;
                    lane.add(new LaneStep(round(end - e.latencyMs() / 1000.0), round(end), e.step(), e.status(), e.latencyMs(),
                            e.iteration(), e.error()));
                    kept++;
                }
            }
        } else {
            nodeSamples.computeIfAbsent(e.node(), k -> new Samples()).offer(e, failed);
            if (failed) {
                // A failed node inside a step is also a sample of that step's trouble.
                stepSamples.computeIfAbsent(e.step(), k -> new Samples()).offer(e, true);
            }
        }
    }

    /** The sampled users with the most events, in user order, each lane in time order. */
    public List<Lane> lanes() {
        return byUser.entrySet().stream()
                .sorted(Map.Entry.<Integer, List<LaneStep>>comparingByValue(Comparator.comparingInt(List::size)).reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(LANES)
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new Lane(e.getKey(), e.getValue().stream().sorted(Comparator.comparingDouble(LaneStep::start)).toList()))
                .toList();
    }

    /** Per step: sampled events, failures first. */
    public Map<String, List<NodeEvent>> stepSamples() {
        return flatten(stepSamples);
    }

    /** Per node type (llm_call, rag…): sampled events, failures first. */
    public Map<String, List<NodeEvent>> nodeSamples() {
        return flatten(nodeSamples);
    }

    public long eventsRead() {
        return read;
    }

    public long unreadableLines() {
        return unreadable;
    }

    private static Map<String, List<NodeEvent>> flatten(Map<String, Samples> samples) {
        Map<String, List<NodeEvent>> out = new LinkedHashMap<>();
        samples.forEach((k, s) -> out.put(k, s.all()));
        return out;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000.0) / 1000.0;
    }

    /** The first few failures and successes seen. */
    private static final class Samples {
        final List<NodeEvent> errors = new ArrayList<>();
        final List<NodeEvent> ok = new ArrayList<>();

        void offer(NodeEvent e, boolean failed) {
            if (failed && errors.size() < ERROR_SAMPLES) {
                errors.add(e);
            } else if (!failed && ok.size() < OK_SAMPLES) {
                ok.add(e);
            }
        }

        List<NodeEvent> all() {
            List<NodeEvent> all = new ArrayList<>(errors);
            all.addAll(ok);
            return all;
        }
    }
}
