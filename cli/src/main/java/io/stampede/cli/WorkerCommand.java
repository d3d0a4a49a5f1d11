package io.stampede.cli;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stampede.engine.WorkerNode;
import io.stampede.engine.WorkerOptions;
import io.stampede.secret.ClusterSecret;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "worker", description = "Starts a worker that joins the cluster and runs the users the coordinator gives it.")
final class WorkerCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerCommand.class);

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Option(names = "--capacity", paramLabel = "USERS", description = "concurrent users this worker takes; runs are split by it (default ${DEFAULT-VALUE})")
    int capacity = 10_000;

    @Option(names = "--lanes", paramLabel = "N", description = "event loops a slice is spread over (default: one per core)")
    Integer lanes;

    @Option(names = "--id", paramLabel = "ID", description = "worker id shown in the API and results (default: host-pid)")
    String id;

    @Option(names = "--coordinator-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "stop a run's load when its coordinator has not answered for this long (default ${DEFAULT-VALUE})")
    Duration coordinatorTimeout = Duration.ofSeconds(5);

    @Override
    public Integer call() throws Exception {
        ClusterSecret secret;
        try {
            secret = cluster.secret();
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return ExitCodes.NOT_CARRIED_OUT;
        }
        ClusterNode node = ClusterNode.start(cluster);
        WorkerOptions options = new WorkerOptions()
                .clusterSecret(secret)
                .workerId(id != null ? id : defaultId())
                .capacity(capacity)
                .coordinatorTimeoutMs(coordinatorTimeout.toMillis())
                .nodeId(node.nodeId())
                .embeddedTargets(new DemoAgentTargets());
        if (lanes != null) {
            options.lanes(lanes);
        }
        WorkerNode worker = Await.result(WorkerNode.start(node.vertx(), options), java.time.Duration.ofSeconds(30));
        LOG.info("worker {} up: capacity {}, {} lanes, cluster member {}", worker.workerId(), capacity, options.lanes(), node.nodeId());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Await.result(worker.close(), java.time.Duration.ofSeconds(10));
                node.close();
            } catch (Exception e) {
                LOG.warn("shutdown: {}", e.getMessage());
            }
            stopped.countDown();
        }, "stampede-worker-shutdown"));
        stopped.await();
        return 0;
    }

    private static String defaultId() {
        String jvm = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
        int at = jvm.indexOf('@');
        return at > 0 ? jvm.substring(at + 1) + "-" + jvm.substring(0, at) : jvm;
    }
}
