package io.stampede.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

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
    public static final List<String> FILES = List.of(SCENARIO, SUMMARY, STATS, TIMESERIES, EVENTS, LATENCY, REPORT);

    /** Events written in full before the log starts thinning. */
    public static final long EVENTS_BOUND = 100_000;

    private final Path dir;
    private EventLog events;
    private LatencyLog latency;

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

    public void appendEvents(List<NodeEvent> sample) throws IOException {
        if (events != null) {
            events.append(sample);
        }
    }

    public void appendLatency(String key, long startMs, long endMs, Histogram histogram) {
        if (latency != null) {
            latency.append(key, startMs, endMs, histogram);
        }
    }

    /** Closes the streams and writes the end-of-run data files (the report, which reads them back, comes after). */
    public void finish(Summary summary, List<SecondStats> timeline) throws IOException {
        close();
        writeAtomically(SUMMARY, ResultsJson.PRETTY.writeValueAsString(summary));
        writeAtomically(STATS, StatsCsv.render(summary));
        writeAtomically(TIMESERIES, TimeseriesCsv.render(timeline));
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
    }
}
