package io.stampede.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.stampede.otlp.BadPayload;
import io.stampede.otlp.RunSpans;
import io.stampede.otlp.SpanRuns;
import io.stampede.otlp.TraceRequests;
import io.stampede.scenario.Scenario;
import io.stampede.scenario.ScenarioLoader;
import io.stampede.scenario.ScenarioSource;

/**
 * What the coordinator pays for one OTLP export request of an instrumented agent under load:
 * a batch of {@code spans} spans (whole turns, see {@link AgentBatches}) gunzipped when
 * {@code gzip}, decoded with the official OTLP classes, matched to its run and recorded as node
 * statistics, events and nesting; a cut into an interval report once a second's worth. The
 * score is microseconds per batch on one thread: 1 s / score × spans is the span rate one core
 * takes. The HTTP layer around it is measured end to end by {@link OtlpLoad} (docs/PERFORMANCE.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SpanIntakeBenchmark {
    private static final long SEED = 0x5eedL;

    @Param({"512"})
    int spans;

    @Param({"true", "false"})
    boolean gzip;

    private final List<byte[]> bodies = new ArrayList<>();
    private SpanRuns runs;
    private RunSpans run;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        for (int b = 0; b < 64; b++) {
            byte[] body = AgentBatches.request(SEED, spans, b).toByteArray();
            bodies.add(gzip ? AgentBatches.gzip(body) : body);
        }
        Scenario scenario = ScenarioLoader.load(new ScenarioSource("scenario: bench\ntarget: { base_url: http://127.0.0.1:1 }\n"
                + "steps:\n  - send: hi\n  - send: again\n", "bench.yaml", null, java.util.Map.of(), null));
        runs = new SpanRuns();
        run = runs.open(SEED, "bench", scenario);
    }

    @Benchmark
    public SpanRuns oneExportRequest() throws BadPayload {
        byte[] body = bodies.get(next++ & 63);
        byte[] plain = gzip ? TraceRequests.gunzip(body, 16 << 20) : body;
        ExportTraceServiceRequest request = TraceRequests.decode(plain, false);
        runs.accept(request);
        if ((next & 127) == 0) {
            run.cut(false); // about once a second at 100 batches a second, as the run's timer does
        }
        return runs;
    }
}
