package io.stampede.run;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stampede.aggregate.RunAggregator;
import io.stampede.otlp.RunSpans;
import io.stampede.otlp.SpanRuns;
import io.stampede.wire.Addresses;
import io.stampede.wire.IntervalReport;
import io.stampede.wire.ReportAck;
import io.stampede.wire.Tracing;

/**
 * The agent's own spans as one more report source of a run. Why this shape: the run already
 * knows how to merge, log, sample and judge a lane's interval reports, idempotently; spans
 * recorded per run ({@link RunSpans}) and cut into the same reports, sent to the same address,
 * reach node statistics, {@code latency.hlog}, {@code events.jsonl}, the live feed, thresholds
 * and the summary by the path lanes' reports take, with no second merge to keep in step. The
 * run expects source {@value RunSpans#SOURCE} like a lane, so it cannot end before its spans
 * are in.
 *
 * <p>When every lane has delivered its last report the load is over, but exporters batch (the
 * SDKs send every 5 s by default), so the spans of the last turns are still on their way. A
 * run that has received spans, or whose scenario declares {@code target.spans}, waits for them:
 * until none has come for the quiet period after the load's end (6 s by default), at most the
 * grace period (30 s). A run that has received none ends at once: no agent sends it spans.
 * Spans that come after its last report count as late and are dropped.
 *
 * <p>Lives on the coordinator's context, like the run's course.
 */
final class AgentSpans {
    private static final Logger LOG = LoggerFactory.getLogger(AgentSpans.class);
    /** How often the end of the load is looked for: a run without spans ends this soon after its lanes. */
    private static final long CHECK_MS = 200;
    private static final int CHECKS_PER_CUT = 5;

    private final CoordinatorServices services;
    private final Run run;
    private final Tracing tracing;
    private RunSpans spans;
    private RunAggregator aggregator;
    private Consumer<String> notes;
    private long timer = -1;
    private long loadOverAtMs;
    private int checks;
    private boolean ended;

    AgentSpans(CoordinatorServices services, Run run) {
        this.services = services;
        this.run = run;
        long seed = ThreadLocalRandom.current().nextLong() | 1; // never 0: 0 is "no seed"
        this.tracing = new Tracing(seed, services.options().otlpExportUrl());
    }

    /** What every slice of the run is told: the trace seed and where to export Stampede's own spans. */
    Tracing tracing() {
        return tracing;
    }

    /** From the run's start: the spans of its traces are recorded, and the run waits for their last report. */
    void begin(RunAggregator aggregator, Consumer<String> notes) {
        this.aggregator = aggregator;
        this.notes = notes;
        this.spans = services.spans().open(tracing.seed(), run.id(), run.scenario());
        aggregator.expect(List.of(RunSpans.SOURCE));
        timer = services.vertx().setPeriodic(CHECK_MS, id -> tick());
    }

    private void tick() {
        if (ended) {
            return;
        }
        long now = System.currentTimeMillis();
        boolean lanesDone = aggregator.unfinishedSources().equals(List.of(RunSpans.SOURCE));
        if (lanesDone && loadOverAtMs == 0) {
            loadOverAtMs = now;
        }
        if (lanesDone && waitedEnough(now)) {
            end(now);
        } else if (++checks % CHECKS_PER_CUT == 0) {
            send(spans.cut(false));
        }
    }

    private boolean waitedEnough(long now) {
        long lastSpan = spans.lastSpanAtMs();
        if (lastSpan == 0 && !spans.expected()) {
            return true;
        }
        CoordinatorOptions options = services.options();
        return now >= loadOverAtMs + options.spanGraceMs() || now >= Math.max(loadOverAtMs, lastSpan) + options.spanQuietMs();
    }

    private void end(long now) {
        ended = true;
        IntervalReport last = spans.cut(true);
        services.spans().close(tracing.seed());
        long[] counts = spans.counts();
        if (counts[0] + counts[1] > 0) {
            notes.accept("the agent's spans: " + counts[0] + " became nodes, " + counts[1] + " were not nodes; "
                    + "waited " + (now - loadOverAtMs) / 1000.0 + " s after the load for late ones");
        } else if (spans.expected()) {
            notes.accept("the scenario declares target.spans but no span of this run arrived: point the agent's exporter at"
                    + " the coordinator (OTEL_EXPORTER_OTLP_ENDPOINT=http://COORDINATOR:4318)");
        }
        send(last);
    }

    private void send(IntervalReport report) {
        if (report == null) {
            return;
        }
        if (!report.last()) {
            services.bus().publish(Addresses.runReports(run.id()), report);
            return;
        }
        services.bus().request(Addresses.runReports(run.id()), report, ReportAck.class, 10_000).onFailure(e -> {
            if (!run.status().isFinal()) {
                LOG.warn("run {}: the spans' last report was not taken ({}); the run ends without it", run.id(),
                        e.getMessage());
            }
        });
    }

    /** The run is over (or never got going): no more spans, no more reports. */
    void close() {
        ended = true;
        if (timer >= 0) {
            services.vertx().cancelTimer(timer);
            timer = -1;
        }
        services.spans().close(tracing.seed());
    }
}
