package io.stampede.cli;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stampede.check.Truncation;
import io.stampede.engine.WorkerNode;
import io.stampede.engine.WorkerOptions;
import io.stampede.limits.FileLimit;
import io.stampede.secret.ClusterSecret;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "worker", description = "Starts a worker that joins the cluster and runs the users the coordinator gives it.")
final class WorkerCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerCommand.class);
    /**
     * Alone in its cluster this long (no coordinator, no other worker), or merged back into one by
     * Hazelcast after a split brain, and sending nothing, a worker leaves and joins again: after a
     * pause or a partition the others may have formed a cluster that a lone member's split-brain
     * merge does not find (its --join members are no longer that cluster's master), and after a
     * merge the event bus's view of the cluster is not always whole (measured: a merged worker's
     * heartbeats stopped reaching a coordinator). A worker started before its coordinator finds it
     * this way too. A fresh join is whole, and takes a second or two.
     */
    private static final long REJOIN_AFTER_MS = 4_000;

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Option(names = "--capacity", paramLabel = "USERS", description = "concurrent users this worker takes; runs are split by it"
            + " (default: what its file limit allows, the limit less " + FileLimit.RESERVED + ")")
    Integer capacity;

    @Option(names = "--reply-budget", paramLabel = "SIZE", converter = ByteSizeConverter.class,
            description = "bytes of replies all this worker's users keep at once, e.g. 512MiB; a reply past it is cut and"
                    + " its turn fails (default: half of the heap, -Xmx, beyond 64 MiB)")
    Long replyBudget;

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
        String workerId = id != null ? id : defaultId();
        CountDownLatch stopping = new CountDownLatch(1);
        Membership[] current = new Membership[1];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (current) {
                stopping.countDown();
                if (current[0] != null) {
                    current[0].close();
                }
            }
        }, "stampede-worker-shutdown"));
        while (true) {
            synchronized (current) {
                if (stopping.getCount() == 0) {
                    return 0;
                }
                current[0] = join(workerId, secret);
            }
            if (current[0].awaitAlone(stopping)) {
                return 0;
            }
            LOG.warn("worker {}: {}, with no load to send; leaving the cluster and joining {} again", workerId,
                    current[0].node().merged() ? "merged back after a split" : "alone in its cluster for " + REJOIN_AFTER_MS / 1000
                            + " s", cluster.join);
            synchronized (current) {
                current[0].close();
                current[0] = null;
            }
        }
    }

    /** The hot paths were rehearsed at the first join; the JIT keeps them for every later one. */
    private boolean rehearsed;

    private Membership join(String workerId, ClusterSecret secret) throws Exception {
        ClusterNode node = ClusterNode.start(cluster);
        WorkerOptions options = new WorkerOptions()
                .clusterSecret(secret)
                .workerId(workerId)
                .coordinatorTimeoutMs(coordinatorTimeout.toMillis())
                .nodeId(node.nodeId())
                .embeddedTargets(new DemoAgentTargets())
                .rehearse(!rehearsed); // once per process: a rejoin must not wait for it
        rehearsed = true;
        if (lanes != null) {
            options.lanes(lanes);
        }
        if (capacity != null) {
            options.capacity(capacity);
        }
        options.replyBudgetBytes(replyBudget);
        WorkerNode worker = Await.result(WorkerNode.start(node.vertx(), options), java.time.Duration.ofSeconds(30));
        LOG.info("worker {} up: capacity {} users ({}), {} lanes, reply budget {}, cluster member {}", worker.workerId(),
                options.capacity(), capacityReason(options), options.lanes(), Truncation.size(worker.replyBudgetBytes()),
                node.nodeId());
        return new Membership(node, worker);
    }

    /** One life of this worker in a cluster. */
    private record Membership(ClusterNode node, WorkerNode worker) {
        /** Waits; true when the process is stopping, false when the idle worker should join again (see {@link #REJOIN_AFTER_MS}). */
        boolean awaitAlone(CountDownLatch stopping) throws InterruptedException {
            long aloneSince = -1;
            while (!stopping.await(500, TimeUnit.MILLISECONDS)) {
                long now = System.currentTimeMillis();
                if (!worker.isIdle()) {
                    aloneSince = -1;
                } else if (node.merged()) {
                    return false;
                } else if (node.memberCount() > 1) {
                    aloneSince = -1;
                } else if (aloneSince < 0) {
                    aloneSince = now;
                } else if (now - aloneSince >= REJOIN_AFTER_MS) {
                    return false;
                }
            }
            return true;
        }

        void close() {
            try {
                Await.result(worker.close(), java.time.Duration.ofSeconds(10));
                node.close();
            } catch (Exception e) {
                LOG.warn("leaving the cluster: {}", e.getMessage());
            }
        }
    }

    /** Why the capacity is what it is: a user is a socket, so the file limit bounds it. */
    static String capacityReason(WorkerOptions options) {
        long max = FileLimit.max();
        int allowed = FileLimit.usersAllowed(max);
        Integer asked = options.requestedCapacity();
        if (max < 0) {
            return "this platform does not tell the file limit";
        }
        if (asked == null) {
            return "its file limit of " + max + " open files allows " + allowed;
        }
        if (asked > allowed) {
            return "--capacity " + asked + " lowered: its file limit of " + max + " open files allows " + allowed
                    + " (ulimit -Hn; the launcher and the image raise the soft limit to it)";
        }
        return "--capacity; its file limit of " + max + " open files allows " + allowed;
    }

    private static String defaultId() {
        String jvm = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
        int at = jvm.indexOf('@');
        return at > 0 ? jvm.substring(at + 1) + "-" + jvm.substring(0, at) : jvm;
    }
}
