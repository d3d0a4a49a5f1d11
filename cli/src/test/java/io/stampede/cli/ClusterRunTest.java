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
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;


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
                .clusterSecret(WorkerProcess.clusterSecret()).startDelayMs(500)), Duration.ofSeconds(30));
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
        Waits.until(count + " workers joined", Duration.ofSeconds(90), () -> coordinator.workers().available().size() >= count,
                () -> "joined: " + coordinator.workers().available() + ", logs: " + logs());
    }

    private String logs() {
        StringBuilder out = new StringBuilder();
        for (WorkerProcess w : workers) {
            out.append("\n--- ").append(w.log()).append('\n').append(w.output());
        }
        return out.toString();
    }

    private Run submit(String scenarioFile) throws Exception {
        String yaml = Files.readString(Path.of("src/test/resources/cluster", scenarioFile))
                .replace("${TARGET}", "http://127.0.0.1:" + target.actualPort());
        return Await.result(coordinator.runs().submit(new ScenarioSource(yaml, scenarioFile, dir, Map.of(), null),
                RunOverrides.NONE), Duration.ofSeconds(30));
    }

    private Summary run(String scenarioFile) throws Exception {
        return Await.result(submit(scenarioFile).completion(), Duration.ofSeconds(120));
    }

    /** The users of w1's slice, the first five: slices follow worker ids. */
    private static IntStream usersOfW1() {
        return IntStream.range(0, 5);
    }

    /** Requests the target has seen from user {@code user}. */
    private int requestsOf(int user) {
        ConcurrentLinkedQueue<Long> times = calls.get(user);
        return times == null ? 0 : times.size();
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
        // 10 users × 16 conversations × 2 requests, ~0.5 s a conversation: w2's own users are still
        // running when w1's loss is noticed (3 s without heartbeats) and its users handed over.
        Run run = submit("iterations-slow.yaml");

        // w1 dies once the coordinator has its report of its users started (all ten: more than w2's
        // five) and each of them has had a conversation at the target, but not all sixteen.
        Waits.until("w1's users started, reported and a conversation in", Duration.ofSeconds(60),
                () -> run.progress().usersStarted() == 10 && usersOfW1().allMatch(u -> requestsOf(u) >= 2),
                () -> "progress: " + run.progress() + ", requests per user: " + calls.keySet().stream()
                        .collect(Collectors.toMap(u -> u, this::requestsOf)) + ", logs: " + logs());
        assertThat(usersOfW1().map(this::requestsOf).boxed()).as("requests of w1's users at the kill: each has some to go")
                .allSatisfy(n -> assertThat(n).isLessThan(32));
        workers.get(0).kill();

        Summary summary = Await.result(run.completion(), Duration.ofSeconds(120));

        assertThat(summary.status()).isEqualTo("done");
        // Every user completed exactly its conversations: what the lost worker reported before it
        // died stays, and its users carried on elsewhere from where the reports left them.
        assertThat(summary.conversations().succeeded() + summary.conversations().failed()).isEqualTo(160);
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
    void aWorkerWithoutTheKeyStoreCannotTalkToATlsCoordinatorAndSaysSo() throws Exception {
        Path store = keyStore();
        startCoordinator(store.toString(), "secret123");
        WorkerProcess plain = WorkerProcess.start(dir, "plain", "worker", "--id", "plain",
                "--join", "127.0.0.1:" + clusterPort, "--cluster-port", String.valueOf(clusterPort + 1),
                "--cluster-name", "test-" + clusterPort);
        workers.add(plain);

        // It starts and joins Hazelcast (which the key store does not guard)…
        plain.awaitLine(Pattern.compile("worker plain up: "), Duration.ofSeconds(90));
        // …but the event bus between the two is TLS on one side only: its heartbeats never reach the
        // coordinator, and instead of waiting in silence it says what to check.
        plain.awaitLine(Pattern.compile("no coordinator has answered its heartbeats for \\d+ s.*--bus-keystore"),
                Duration.ofSeconds(60));
        assertThat(coordinator.workers().all()).as("workers whose heartbeats reached the coordinator").isEmpty();
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
