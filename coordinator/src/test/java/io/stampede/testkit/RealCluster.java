package io.stampede.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import io.stampede.coordinator.Coordinator;
import io.stampede.demo.DemoAgent;
import io.stampede.demo.DemoAgentOptions;
import io.stampede.engine.WorkerNode;
import io.stampede.engine.WorkerOptions;
import io.stampede.results.Summary;
import io.stampede.run.CoordinatorOptions;
import io.stampede.run.Run;
import io.stampede.run.RunOverrides;
import io.stampede.scenario.ScenarioSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * A whole embedded cluster for tests: a coordinator, an in-process worker and demo agents on
 * loopback ports, all on one Vert.x, writing run folders to {@code dataDir}. Blocking helpers:
 * call from the test thread only.
 */
public final class RealCluster implements AutoCloseable {
    private final Vertx vertx;
    private final WorkerNode worker;
    private final java.util.List<WorkerNode> more = new java.util.ArrayList<>();
    private final Coordinator coordinator;

    private RealCluster(Vertx vertx, WorkerNode worker, Coordinator coordinator) {
        this.vertx = vertx;
        this.worker = worker;
        this.coordinator = coordinator;
    }

    public static RealCluster start(Path dataDir) {
        return start(dataDir, options -> options);
    }

    /** @param configure adds to the coordinator's options */
    public static RealCluster start(Path dataDir, UnaryOperator<CoordinatorOptions> configure) {
        Vertx vertx = Vertx.vertx();
        WorkerNode worker = await(WorkerNode.start(vertx, new WorkerOptions().workerId("test-worker").lanes(1)));
        Coordinator coordinator = await(Coordinator.start(vertx, configure.apply(new CoordinatorOptions().coordinatorId("test")
                .dataDir(dataDir).startDelayMs(200).closeDelayMs(600))));
        return new RealCluster(vertx, worker, coordinator);
    }

    public Vertx vertx() {
        return vertx;
    }

    public Coordinator coordinator() {
        return coordinator;
    }

    /** Another in-process worker (one lane), e.g. one that joins during a run. */
    public WorkerNode addWorker(String id) {
        WorkerNode added = await(WorkerNode.start(vertx, new WorkerOptions().workerId(id).lanes(1)));
        more.add(added);
        return added;
    }

    /** A demo agent on a free loopback port; {@code latencyScale} 1 is realistic, 0.2 five times faster. */
    public String startAgent(double latencyScale) {
        return startAgent(new DemoAgentOptions().setLatencyScale(latencyScale).setSeed(7));
    }

    /** A demo agent with these options on a free loopback port. */
    public String startAgent(DemoAgentOptions options) {
        DemoAgent agent = await(DemoAgent.start(vertx, new DemoAgentOptions(options).setPort(0)));
        return "http://127.0.0.1:" + agent.port();
    }

    /** Submits a scenario of the test resources with these environment values; returns at once. */
    public Run submit(String resource, Map<String, String> env) {
        return await(coordinator.runs().submit(new ScenarioSource(resource(resource), resource, null, new HashMap<>(env), null),
                RunOverrides.NONE));
    }

    /** Runs a scenario to its end and returns it. */
    public Run run(String resource, Map<String, String> env) {
        Run run = submit(resource, env);
        Summary summary = await(run.completion(), Duration.ofSeconds(60));
        if (summary == null) {
            throw new IllegalStateException("run " + run.id() + " " + run.status() + ": " + run.reason());
        }
        return run;
    }

    public static String resource(String name) {
        try (InputStream in = RealCluster.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T await(Future<T> future) {
        return await(future, Duration.ofSeconds(30));
    }

    public static <T> T await(Future<T> future, Duration timeout) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            more.forEach(w -> await(w.close()));
            await(worker.close());
        } finally {
            await(vertx.close());
        }
    }
}
