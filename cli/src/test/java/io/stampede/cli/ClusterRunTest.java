package io.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.stampede.cluster.WorkerInfo;
import io.stampede.coordinator.Coordinator;
import io.stampede.results.Summary;
import io.stampede.run.CoordinatorOptions;
import io.stampede.run.Run;
import io.stampede.run.RunOverrides;
import io.stampede.scenario.ScenarioSource;
import io.vertx.core.http.HttpServer;

/**
 * A real cluster: this JVM is the coordinator (clustered over Hazelcast on loopback), the
 * workers are separate {@code stampede worker} JVMs, the target is an HTTP server here that
 * records which user called when.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ClusterRunTest {
    private static final AtomicInteger PORTS = new AtomicInteger(15701 + (int) (ProcessHandle.current().pid() % 40) * 20);

    @TempDir
    Path dir;

    private ClusterNode node;
    private Coordinator coordinator;
    private HttpServer target;
    private final List<WorkerProcess> workers = new java.util.ArrayList<>();
    /** user id → times (ms) its requests arrived. */
    private final Map<Integer, ConcurrentLinkedQueue<Long>> calls = new ConcurrentHashMap<>();
    private int clusterPort;

    @BeforeEach
    void pickPorts() {
        clusterPort = PORTS.getAndAdd(5);
    }

    private void startCoordinator(String... tls) throws Exception {
        ClusterOptions options = new ClusterOptions();
        if (tls.length == 2) {
            options.busKeystore = tls[0];
            options.busKeystorePassword = tls[1];
        }
        options.port = clusterPort;
        options.name = "test-" + clusterPort;
        options.join = List.of("127.0.0.1:" + clusterPort);
        node = ClusterNode.start(options);
        coordinator = Await.result(Coordinator.start(node.vertx(), new CoordinatorOptions().dataDir(dir.resolve("results"))
                .startDelayMs(500)), Duration.ofSeconds(30));
        node.onMemberLeft(coordinator.workers()::markNodeLeft);
        startTarget();
    }

    private void startTarget() throws Exception {
        target = Await.result(node.vertx().createHttpServer().requestHandler(req -> {
            int user = Integer.parseInt(req.getParam("user"));
            calls.computeIfAbsent(user, u -> new ConcurrentLinkedQueue<>()).add(System.currentTimeMillis());
            req.response().putHeader("content-type", "application/json").end("{\"ok\":true}");
        }).listen(0, "127.0.0.1"), Duration.ofSeconds(10));
    }

    @AfterEach
    void stopAll() throws Exception {
        for (WorkerProcess w : workers) {
            w.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private void startWorkers(int count, String... extra) throws Exception {
        for (int i = 1; i <= count; i++) {
            List<String> args = new java.util.ArrayList<>(List.of("worker", "--id", "w" + i, "--capacity", "100", "--lanes", "1",
                    "--join", "127.0.0.1:" + clusterPort, "--cluster-port", String.valueOf(clusterPort + i),
                    "--cluster-name", "test-" + clusterPort));
            args.addAll(List.of(extra));
            workers.add(WorkerProcess.start(dir, "w" + i, args.toArray(String[]::new)));
        }
        long deadline = System.currentTimeMillis() + 90_000;
        while (coordinator.workers().available().size() < count) {
            assertThat(System.currentTimeMillis()).as("workers joined: " + coordinator.workers().available()
                    + ", logs: " + logs()).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private String logs() throws Exception {
        StringBuilder out = new StringBuilder();
        for (WorkerProcess w : workers) {
            out.append("\n--- ").append(w.log()).append('\n').append(Files.readString(w.log().toPath()));
        }
        return out.toString();
    }

    private Summary run(String scenarioFile) throws Exception {
        String yaml = Files.readString(Path.of("src/test/resources/cluster", scenarioFile))
                .replace("${TARGET}", "http://127.0.0.1:" + target.actualPort());
        Run run = Await.result(coordinator.runs().submit(new ScenarioSource(yaml, scenarioFile, dir, Map.of(), null),
                RunOverrides.NONE), Duration.ofSeconds(30));
        return Await.result(run.completion(), Duration.ofSeconds(120));
    }

    @Test
    void twoWorkerJvmsRunOneRunWhoseTotalsAreUsersTimesSteps() throws Exception {
        startCoordinator();
        startWorkers(2);

        Summary summary = run("iterations.yaml"); // 10 users × 4 conversations × 2 steps

        assertThat(summary.status()).isEqualTo("done");
        assertThat(summary.requests().count()).isEqualTo(80);
        assertThat(summary.conversations().succeeded()).isEqualTo(40);
        assertThat(calls.keySet()).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(calls.values().stream().mapToInt(ConcurrentLinkedQueue::size).sum()).isEqualTo(80);
        assertThat(summary.latencyMs().count()).isEqualTo(80);
        assertThat(summary.workers()).extracting(Summary.WorkerLine::workerId).containsExactlyInAnyOrder("w1", "w2");
        assertThat(summary.workers()).extracting(Summary.WorkerLine::users).containsExactly(5, 5);
    }

    @Test
    void aKilledWorkersUnfinishedUsersAreServedByTheOthers() throws Exception {
        startCoordinator();
        startWorkers(2);
        Thread killer = new Thread(() -> {
            try {
                Thread.sleep(3_000);
                workers.get(0).kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        killer.start();

        Summary summary = run("iterations-slow.yaml"); // 10 users × 8 conversations, ~0.5 s each

        killer.join();
        assertThat(summary.status()).isEqualTo("done");
        // Every user completed exactly its conversations: what the lost worker reported before it
        // died stays, and its users carried on elsewhere from where the reports left them.
        assertThat(summary.conversations().succeeded() + summary.conversations().failed()).isEqualTo(80);
        assertThat(summary.workers()).anySatisfy(w -> {
            assertThat(w.workerId()).isEqualTo("w1");
            assertThat(w.status()).isEqualTo("lost");
        });
        assertThat(summary.workers()).filteredOn(w -> w.workerId().equals("w2")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(summary.notes()).anyMatch(n -> n.contains("w1 lost") && n.contains("went to"));
        assertThat(calls.keySet()).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        List<WorkerInfo> all = coordinator.workers().all();
        assertThat(all).anySatisfy(w -> assertThat(w.state()).isEqualTo("lost"));
    }

    @Test
    void theEventBusRunsOverMutualTlsWhenGivenAKeyStore() throws Exception {
        Path store = keyStore();
        startCoordinator(store.toString(), "secret123");
        startWorkers(1, "--bus-keystore", store.toString(), "--bus-keystore-password", "secret123");

        Summary summary = run("iterations.yaml");

        assertThat(summary.status()).isEqualTo("done");
        assertThat(summary.requests().count()).isEqualTo(80);
    }

    @Test
    void aWorkerWithoutTheKeyStoreCannotTalkToATlsCoordinator() throws Exception {
        Path store = keyStore();
        startCoordinator(store.toString(), "secret123");
        workers.add(WorkerProcess.start(dir, "plain", "worker", "--id", "plain", "--join", "127.0.0.1:" + clusterPort,
                "--cluster-port", String.valueOf(clusterPort + 1), "--cluster-name", "test-" + clusterPort));

        // It may join Hazelcast, but none of its event-bus messages (heartbeats) get through.
        Thread.sleep(15_000);
        assertThat(coordinator.workers().all()).isEmpty();
    }

    private Path keyStore() throws Exception {
        Path store = dir.resolve("bus.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "bus", "-keyalg", "EC", "-dname", "CN=stampede-test", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "secret123", "-keypass", "secret123")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();
        return store;
    }
}
