package io.stampede.otlp;

import java.util.List;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.stampede.metrics.KeyStats;
import io.stampede.metrics.MetricKey;
import io.stampede.metrics.MetricsSnapshot;
import io.stampede.recording.EventSampler;
import io.stampede.scenario.Scenario;
import io.stampede.scenario.SpanMapping;
import io.stampede.secret.Secrets;
import io.stampede.wire.IntervalReport;
import io.stampede.wire.NodeEvent;
import io.stampede.wire.SnapshotPayload;
import io.stampede.wire.WireMessage;

/**
 * One run's record of the agent's own spans, kept the way a worker lane keeps its users': node
 * statistics under {@code node:<type>} (latency from the span's start and end, success from its
 * status, tokens from its attributes), a bounded sample of node events, and interval reports
 * cut on demand. To the run it is one more report source, {@value #SOURCE}: its reports are
 * merged, logged and judged exactly like a lane's, so spans feed the same node statistics,
 * thresholds, events and comparisons as trace arrays do. Its last report carries the totals
 * and the nesting counts ({@code nest:} keys), which only the summary reads.
 *
 * <p>The agent's span text (names, status messages, the tool, model and agent attributes) may
 * echo what Stampede sent it, the run's secrets included: it is masked with the scenario's
 * {@link Secrets} where it becomes a failure reason or an event, as a lane's own text is.
 *
 * <p>Memory is bounded whatever arrives: one {@link KeyStats} per node type (types come from
 * the conventions and the scenario's rules, a fixed set), a sampled set of events per interval,
 * and {@link SpanNesting}'s bounded tables.
 *
 * <p>Thread-safe: decoding threads record, the run's context cuts; both under this object's lock.
 */
public final class RunSpans {
    public static final String SOURCE = "otlp";

    private final String runId;
    private final SpanMapping mapping;
    private final TurnSteps steps;
    private final Secrets secrets;
    private final MetricsSnapshot interval = new MetricsSnapshot();
    private final MetricsSnapshot cumulative = new MetricsSnapshot();
    private final MetricsSnapshot nestCounts = new MetricsSnapshot();
    private final SpanNesting nesting = new SpanNesting(nestCounts);
    private final EventSampler events;
    private long seq;
    private long intervalStartMs = System.currentTimeMillis();
    private long nodes;
    private long others;
    private long lastSpanAtMs;
    private boolean closed;

    RunSpans(String runId, Scenario scenario, long seed) {
        this.runId = runId;
        this.mapping = scenario.target().spans();
        this.steps = TurnSteps.of(scenario);
        this.secrets = scenario.secrets();
        this.events = new EventSampler(64, 32, seed);
    }

    public String runId() {
        return runId;
    }

    /** True when the scenario says the agent sends spans ({@code target.spans}, even empty). */
    public boolean expected() {
        return mapping.declared();
    }

    /** Records one span of this run; false when the run's record is closed (the span is late). */
    boolean record(Span span, List<KeyValue> resource, int user, int conversation, int turn) {
        SpanFacts facts = SpanFacts.of(span.getAttributesList());
        String kind = NodeKinds.kind(span, resource, facts, mapping);
        long now = System.currentTimeMillis();
        synchronized (this) {
            if (closed) {
                return false;
            }
            lastSpanAtMs = now;
            nesting.add(SpanIds.id(span.getSpanId()), SpanIds.id(span.getParentSpanId()), kind);
            if (kind == null) {
                others++;
                return true;
            }
            nodes++;
            record(span, facts, kind, user, conversation, turn);
            return true;
        }
    }

    private void record(Span span, SpanFacts facts, String kind, int user, int conversation, int turn) {
        long micros = Math.max(0, span.getEndTimeUnixNano() - span.getStartTimeUnixNano()) / 1000;
        boolean ok = span.getStatus().getCode() != Status.StatusCode.STATUS_CODE_ERROR;
        String error = ok ? null : secrets.mask(error(span, facts));
        KeyStats stats = interval.key(MetricKey.node(kind));
        stats.record(micros, ok);
        stats.addTokens(facts.inputTokens, facts.outputTokens);
        if (!ok) {
            stats.addFailure(error);
        }
        int slot = events.slot(!ok);
        if (slot >= 0) {
            events.put(!ok, slot, new NodeEvent(span.getEndTimeUnixNano() / 1_000_000, runId, user, conversation,
                    steps.step(turn), kind, secrets.mask(NodeKinds.name(kind, span, facts)), ok ? "ok" : "error", micros / 1000.0,
                    facts.inputTokens + facts.outputTokens, error));
        }
    }

    /** The span's status message, cut to 200 characters and marked so (a secret cut short there is masked too). */
    private static String error(Span span, SpanFacts facts) {
        String message = span.getStatus().getMessage();
        if (!message.isEmpty()) {
            return message.length() > 200 ? message.substring(0, 200) + Secrets.CUT : message;
        }
        return facts.errorType != null ? facts.errorType : "span status ERROR";
    }

    /**
     * The spans recorded since the last cut as a report of source {@value #SOURCE}, or null when
     * there were none. The {@code last} report is always made: it carries the totals and
     * nesting, and closes the record (later spans are refused).
     */
    public synchronized IntervalReport cut(boolean last) {
        long now = System.currentTimeMillis();
        boolean empty = interval.keys().values().stream().allMatch(s -> s.count() == 0);
        if (empty && !last) {
            return null;
        }
        SnapshotPayload payload = SnapshotPayload.of(interval);
        cumulative.add(interval);
        interval.reset();
        SnapshotPayload totals = null;
        if (last) {
            closed = true;
            MetricsSnapshot all = cumulative.copy();
            all.add(nestCounts);
            totals = SnapshotPayload.of(all);
        }
        IntervalReport report = new IntervalReport(WireMessage.VERSION, runId, SOURCE, SOURCE, seq++, intervalStartMs, now,
                last, 0, payload, totals, events.drain(), List.of());
        intervalStartMs = now;
        return report;
    }

    /** When the last span of this run arrived (epoch ms), 0 before the first. */
    public synchronized long lastSpanAtMs() {
        return lastSpanAtMs;
    }

    /** Spans that became nodes, and spans of this run that were none (looked through for nesting). */
    public synchronized long[] counts() {
        return new long[] {nodes, others};
    }
}
