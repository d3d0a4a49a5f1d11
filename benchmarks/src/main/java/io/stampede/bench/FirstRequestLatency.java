package io.stampede.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.stampede.coordinator.Coordinator;
import io.stampede.engine.WorkerNode;
import io.stampede.engine.WorkerOptions;
import io.stampede.run.CoordinatorOptions;
import io.stampede.run.Run;
import io.stampede.run.RunOverrides;
import io.stampede.scenario.ScenarioSource;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * Submit-to-first-request latency on the embedded default: the time from
 * {@code RunManager.submit} to the first request reaching a local target, over repeated runs.
 * Run: {@code java -cp benchmarks/target/benchmarks.jar io.stampede.bench.FirstRequestLatency [runs]}
 */
public final class FirstRequestLatency {
    private FirstRequestLatency() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Vertx vertx = Vertx.vertx();
        AtomicReference<CompletableFuture<Long>> firstRequest = new AtomicReference<>(new CompletableFuture<>());
        HttpServer target = vertx.createHttpServer().requestHandler(req -> {
            firstRequest.get().complete(System.nanoTime());
            req.response().end("ok");
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        Path data = Files.createTempDirectory("first-request");
        WorkerNode.start(vertx, new WorkerOptions().workerId("bench")).toCompletionStage().toCompletableFuture().get();
        Coordinator coordinator = Coordinator.start(vertx, new CoordinatorOptions().dataDir(data).startDelayMs(100))
                .toCompletionStage().toCompletableFuture().get();
        Thread.sleep(1500); // the worker's first heartbeat
        String yaml = "scenario: first_request\ntarget: {base_url: \"http://127.0.0.1:" + target.actualPort() + "\"}\n"
                + "load: {users: 1, iterations: 1}\nsteps:\n  - request: {method: GET, path: /}\n";
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            firstRequest.set(new CompletableFuture<>());
            long submitted = System.nanoTime();
            Run run = coordinator.runs().submit(new ScenarioSource(yaml, "bench", data, Map.of(), null), RunOverrides.NONE)
                    .toCompletionStage().toCompletableFuture().get();
            long first = firstRequest.get().get(30, TimeUnit.SECONDS);
            millis.add((first - submitted) / 1e6);
            run.completion().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        List<Double> sorted = millis.stream().sorted().toList();
        System.out.printf("submit-to-first-request over %d runs: first %.1f ms, median %.1f ms, max of the rest %.1f ms%n",
                runs, millis.get(0), sorted.get(sorted.size() / 2),
                millis.subList(1, millis.size()).stream().mapToDouble(Double::doubleValue).max().orElse(0));
        vertx.close();
    }
}
