package io.stampede.otlp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.google.protobuf.ByteString;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.stampede.scenario.Scenario;

/**
 * The runs that take the agent's spans, by the seed at the head of their trace ids, and where
 * each received span goes: to its run's {@link RunSpans}, or counted and dropped when no run of
 * this coordinator made its trace (unknown) or its run's record is already closed (late).
 * Stampede's own client spans ({@link #OWN_SCOPE}) are skipped, so exporting them to this very
 * receiver counts nothing twice.
 *
 * <p>Thread-safe: runs open and close on the coordinator's context, requests are routed from
 * decoding threads.
 */
public final class SpanRuns {
    /** The instrumentation scope of Stampede's own client spans. */
    public static final String OWN_SCOPE = "io.stampede";
    private static final int CLOSED_KEPT = 1024;

    private final Map<Long, RunSpans> open = new ConcurrentHashMap<>();
    /** Seeds of runs closed lately, so their stragglers count as late rather than unknown. */
    private final Map<Long, Boolean> closed = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > CLOSED_KEPT;
        }
    };
    private final AtomicLong matched = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();
    private final AtomicLong late = new AtomicLong();

    /** Spans whose trace id starts with {@code seed} belong to this run from now on. */
    public RunSpans open(long seed, String runId, Scenario scenario) {
        RunSpans spans = new RunSpans(runId, scenario, seed);
        open.put(seed, spans);
        return spans;
    }

    /** The run takes no more spans; its stragglers count as late. */
    public void close(long seed) {
        if (open.remove(seed) != null) {
            synchronized (closed) {
                closed.put(seed, Boolean.TRUE);
            }
        }
    }

    /** Routes every span of one export request. */
    public void accept(ExportTraceServiceRequest request) {
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            List<KeyValue> resource = resourceSpans.getResource().getAttributesList();
            for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
                if (!OWN_SCOPE.equals(scope.getScope().getName())) {
                    accept(scope.getSpansList(), resource);
                }
            }
        }
    }

    private void accept(List<Span> spans, List<KeyValue> resource) {
        long lastSeed = 0;
        RunSpans run = null;
        for (int i = 0; i < spans.size(); i++) {
            Span span = spans.get(i);
            ByteString traceId = span.getTraceId();
            long seed = SpanIds.seed(traceId);
            if (seed != lastSeed || run == null) {
                lastSeed = seed;
                run = seed == 0 ? null : open.get(seed);
            }
            if (run == null) {
                dropped(seed);
            } else if (run.record(span, resource, SpanIds.user(traceId), SpanIds.conversation(traceId), SpanIds.turn(traceId))) {
                matched.incrementAndGet();
            } else {
                late.incrementAndGet();
            }
        }
    }

    private void dropped(long seed) {
        boolean wasClosed;
        synchronized (closed) {
            wasClosed = closed.containsKey(seed);
        }
        (wasClosed ? late : unknown).incrementAndGet();
    }

    /** Spans recorded into a run. */
    public long matched() {
        return matched.get();
    }

    /** Spans of traces no run of this coordinator made: dropped. */
    public long unknown() {
        return unknown.get();
    }

    /** Spans of a run whose record was already closed (after its grace period): dropped. */
    public long late() {
        return late.get();
    }
}
