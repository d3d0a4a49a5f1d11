package io.stampede.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;

import io.stampede.aggregate.SecondStats;
import io.stampede.wire.NodeEvent;

/**
 * A run's folder {@code <data-dir>/<run-id>/} and the files in it (docs/REPORTS.md, the run folder). Streams
 * (events, latency log) are appended while the run goes; the rest is written at the end, each
 * file first to a temporary name and then moved, so a reader never sees half a file.
 *
 * <p>Blocking IO: call only from a worker thread (the run's ordered executor), never an event loop.
 */
public final class ResultFolder implements AutoCloseable {
    public static final String SCENARIO = "scenario.yaml";
    public static final String SUMMARY = "summary.json";
    public static final String STATS = "stats.csv";
    public static final String TIMESERIES = "timeseries.csv";
    public static final String EVENTS = "events.jsonl";
    public static final String LATENCY = "latency.hlog";
    public static final String REPORT = "report.html";
    /** The scenario's earlier runs and this one, from the run index, for the report's trend section (optional). */
    public static final String TREND = "trend.json";
    /** With {@code --record}: every conversation as it happened, one JSON object a line. */
    public static final String CONVERSATIONS = "conversations.jsonl";
    /** While a run runs: its summary so far, kept in case the coordinator dies. */
    public static final String CHECKPOINT = "checkpoint.json";
    /** The coordinator's record of the run (io.stampede.run.RunHistory writes it; the run index reads it). */
    public static final String RUN_RECORD = "run.json";
    public static final List<String> FILES = List.of(SCENARIO, SUMMARY, STATS, TIMESERIES, EVENTS, LATENCY, REPORT, TREND,
            CONVERSATIONS);

    /** Events written in full before the log starts thinning. */
    public static final long EVENTS_BOUND = 100_000;

    private final Path dir;
    private EventLog events;
    private LatencyLog latency;
    private java.io.OutputStream conversations;

    private ResultFolder(Path dir) {
        this.dir = dir;
    }

    /** Creates the folder and opens the streams; {@code redactedScenario} is written at once. */
    public static ResultFolder create(Path dataDir, String runId, String redactedScenario, long startMs) throws IOException {
        ResultFolder folder = new ResultFolder(dataDir.resolve(runId));
        Files.createDirectories(folder.dir);
        folder.writeAtomically(SCENARIO, redactedScenario);
        folder.events = new EventLog(folder.dir.resolve(EVENTS), EVENTS_BOUND);
        folder.latency = new LatencyLog(folder.dir.resolve(LATENCY), startMs);
        return folder;
    }

    public Path dir() {
        return dir;
    }

    /**
     * One report's events and latency histograms, each file written in one go of whole lines, so
     * a coordinator killed at any moment leaves files that end on a whole record.
     */
    public void append(List<NodeEvent> sample, long startMs, long endMs, Map<String, Histogram> histograms) throws IOException {
        if (events != null) {
            events.append(sample);
        }
        if (latency != null) {
            histograms.forEach((key, histogram) -> latency.append(key, startMs, endMs, histogram));
            latency.flush();
        }
    }

    /**
     * Recorded conversations (one JSON object each, secrets already masked by the lane), appended
     * in one write of whole lines; the file is made with the first of them.
     */
    public void appendConversations(List<String> recorded) throws IOException {
        if (recorded.isEmpty()) {
            return;
        }
        if (conversations == null) {
            conversations = new java.io.FileOutputStream(dir.resolve(CONVERSATIONS).toFile(), true);
        }
        StringBuilder lines = new StringBuilder();
        for (String line : recorded) {
            lines.append(line).append('\n');
        }
        conversations.write(lines.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A second closed: its line goes to {@code timeseries.csv} at once (the whole file is written again at the end). */
    public void appendSecond(SecondStats second, boolean degraded, int joined) throws IOException {
        Path file = dir.resolve(TIMESERIES);
        String row = TimeseriesCsv.row(second, degraded, joined);
        String line = Files.exists(file) ? row : TimeseriesCsv.HEADER + row;
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /**
     * The run's summary as it would read if the run stopped now (status aborted), replacing the
     * last one whole: were the coordinator to die, its restart (or {@code stampede report}) makes
     * it the run's {@code summary.json}.
     */
    public void checkpoint(Summary provisional) throws IOException {
        writeAtomically(CHECKPOINT, ResultsJson.PRETTY.writeValueAsString(provisional));
    }

    /**
     * Closes the streams and writes the end-of-run data files (the report, which reads them back,
     * comes after); the checkpoint, no longer needed, goes.
     */
    public void finish(Summary summary, List<SecondStats> timeline) throws IOException {
        close();
        writeAtomically(TIMESERIES, TimeseriesCsv.render(timeline, summary.degraded(), summary.joined()));
        writeAtomically(STATS, StatsCsv.render(summary));
        writeAtomically(SUMMARY, ResultsJson.PRETTY.writeValueAsString(summary));
        Files.deleteIfExists(dir.resolve(CHECKPOINT));
    }

    public void writeAtomically(String name, String content) throws IOException {
        Path tmp = dir.resolve(name + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() throws IOException {
        if (events != null) {
            events.close();
            events = null;
        }
        if (latency != null) {
            latency.close();
            latency = null;
        }
        if (conversations != null) {
            conversations.close();
            conversations = null;
        }
    }
}
