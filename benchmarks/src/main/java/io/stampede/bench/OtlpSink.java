package io.stampede.bench;

import java.util.Map;

import io.stampede.otlp.OtlpOptions;
import io.stampede.otlp.OtlpReceiver;
import io.stampede.otlp.RunSpans;
import io.stampede.otlp.SpanRuns;
import io.stampede.scenario.ScenarioLoader;
import io.stampede.scenario.ScenarioSource;
import io.vertx.core.Vertx;

/**
 * The coordinator's span intake alone, for measuring it from outside ({@code bench/otlp-capacity.sh}):
 * the real {@link OtlpReceiver} on {@code 127.0.0.1:PORT} with one run open for {@code SEED},
 * cut into a report every second as a run does. Prints the spans matched each second; ends
 * after {@code SECONDS}.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.stampede.bench.OtlpSink PORT SEED_HEX SECONDS</pre>
 */
public final class OtlpSink {
    private OtlpSink() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long seed = Long.parseUnsignedLong(args[1], 16);
        int seconds = Integer.parseInt(args[2]);
        Vertx vertx = Vertx.vertx();
        SpanRuns runs = new SpanRuns();
        RunSpans run = runs.open(seed, "sink", ScenarioLoader.load(new ScenarioSource(
                "scenario: sink\ntarget: { base_url: http://127.0.0.1:1 }\nsteps:\n  - send: hi\n  - send: again\n",
                "sink.yaml", null, Map.of(), null)));
        OtlpReceiver receiver = OtlpReceiver.start(vertx, runs, new OtlpOptions().port(port))
                .toCompletionStage().toCompletableFuture().get();
        System.out.println("sink ready on " + receiver.port());
        long last = 0;
        for (int s = 0; s < seconds; s++) {
            Thread.sleep(1000);
            vertx.runOnContext(v -> run.cut(false));
            long matched = runs.matched();
            long[] requests = receiver.requests();
            System.out.printf("t=%ds matched/s=%d total=%d requests ok=%d refused=%d busy=%d%n", s + 1, matched - last, matched,
                    requests[0], requests[1], requests[2]);
            last = matched;
        }
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }
}
