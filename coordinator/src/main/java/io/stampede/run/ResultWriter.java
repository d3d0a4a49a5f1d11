package io.stampede.run;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stampede.aggregate.SecondStats;
import io.stampede.metrics.MetricKey;
import io.stampede.metrics.MetricsSnapshot;
import io.stampede.results.ResultFolder;
import io.stampede.results.Summary;
import io.stampede.wire.IntervalReport;
import io.vertx.core.Vertx;

/**
 * Writes a running run's folder as the run goes: each report's events and histograms, each
 * closed second's line, and every few seconds a checkpoint summary. All of it on the run's
 * ordered worker thread (never the event loop), in the order asked, each write whole.
 */
final class ResultWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ResultWriter.class);

    @FunctionalInterface
    private interface Write {
        void run() throws IOException;
    }

    private final Vertx vertx;
    private final String runId;
    private final ResultFolder folder;

    ResultWriter(Vertx vertx, String runId, ResultFolder folder) {
        this.vertx = vertx;
        this.runId = runId;
        this.folder = folder;
    }

    ResultFolder folder() {
        return folder;
    }

    /**
     * A report's events and latency histograms ({@code interval}, as the aggregator decoded it; it
     * is not changed after); a warm-up report's histograms are not measurements of the run, and
     * latency.hlog holds only those.
     */
    void report(IntervalReport report, MetricsSnapshot interval, boolean warmup) {
        write(() -> {
            folder.append(report.events(), report.startMs(), report.endMs(), warmup ? Map.of() : latencies(interval));
            folder.appendConversations(report.conversations());
        });
    }

    void second(SecondStats second, boolean degraded, int joined) {
        write(() -> folder.appendSecond(second, degraded, joined));
    }

    /** The summary the run would have if it stopped now, built on the writer thread from a copy of the totals. */
    void checkpoint(Callable<Summary> provisional) {
        write(() -> {
            try {
                folder.checkpoint(provisional.call());
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        });
    }

    private static Map<String, Histogram> latencies(MetricsSnapshot interval) {
        Map<String, Histogram> latencies = new LinkedHashMap<>();
        interval.keys().forEach((key, stats) -> {
            // Checks and repeated tasks are counts without a latency: nothing for latency.hlog.
            if (!key.startsWith("check:") && !key.startsWith("passk:") && !key.equals(MetricKey.TASKS)) {
                latencies.put(key, stats.latency());
            }
        });
        return latencies;
    }

    private void write(Write work) {
        vertx.executeBlocking(() -> {
            work.run();
            return null;
        }, true).onFailure(e -> LOG.warn("run {}: cannot write results: {}", runId, e.getMessage()));
    }
}
