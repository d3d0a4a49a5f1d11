package io.stampede.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.stampede.aggregate.RunAggregator;
import io.stampede.metrics.KeyStats;
import io.stampede.metrics.MetricsSnapshot;
import io.stampede.secret.ClusterSecret;
import io.stampede.secret.Sealer;
import io.stampede.wire.IntervalReport;
import io.stampede.wire.SnapshotPayload;
import io.stampede.wire.WireCodec;
import io.stampede.wire.WireMessage;

/**
 * What the coordinator pays to merge one second of a big cluster: {@code workers} reports (one
 * lane each) of {@code keys} keys, each with a realistic latency histogram, decoded from their
 * wire bytes, merged idempotently, and the second closed into the timeline. The score is the
 * time per cluster-second: divided by 1 s it is the share of one core the merge needs.
 *
 * <p>{@code sealed}: each report as it crosses the bus — AES-GCM sealed with the cluster's key by
 * its worker — opened (authenticated and decrypted) before it is decoded, as the coordinator's
 * bus does; {@code false} measures the bytes as plain JSON, for the cost of the sealing alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MergeBenchmark {
    private static final String ADDRESS = "stampede.run.r.reports";

    @Param({"100"})
    int workers;

    @Param({"10"})
    int keys;

    @Param({"false", "true"})
    boolean sealed;

    private final Sealer sealer = new Sealer(ClusterSecret.random());

    private List<byte[]> reports;
    private RunAggregator aggregator;
    private long second;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        reports = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            MetricsSnapshot snapshot = new MetricsSnapshot();
            for (int k = 0; k < keys; k++) {
                KeyStats stats = snapshot.key((k < keys / 2 ? "step:s" : "node:n") + k);
                for (int i = 0; i < 200; i++) {
                    stats.record(200 + random.nextLong(800_000), random.nextInt(100) > 0);
                }
                stats.addTokens(1000, 400);
            }
            byte[] plain = WireCodec.encode(new IntervalReport(WireMessage.VERSION, "r", "s" + w, "w" + w, 0, 0, 1000, false, 50,
                    SnapshotPayload.of(snapshot), null, List.of(), List.of()));
            reports.add(sealed ? sealer.seal(ADDRESS, plain) : plain);
        }
        aggregator = new RunAggregator(0, 0, s -> { });
        List<String> sources = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            sources.add("w" + w);
        }
        aggregator.expect(sources);
    }

    @Benchmark
    public RunAggregator oneSecondOfTheCluster() {
        long seq = second++;
        for (byte[] bytes : reports) {
            IntervalReport r = WireCodec.decode(sealed ? sealer.open(ADDRESS, bytes) : bytes, IntervalReport.class);
            aggregator.accept(new IntervalReport(r.v(), r.runId(), r.sliceId(), r.sourceId(), seq, seq * 1000, seq * 1000 + 1000,
                    false, r.activeUsers(), r.interval(), null, r.events(), r.users()));
        }
        aggregator.tick((seq + 2) * 1000);
        return aggregator;
    }
}
