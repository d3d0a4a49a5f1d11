package io.stampede.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stampede.api.ApiOptions;
import io.stampede.api.HttpApi;
import io.stampede.coordinator.Coordinator;
import io.stampede.dashboard.StandardRoutes;
import io.stampede.index.IndexException;
import io.stampede.otlp.OtlpOptions;
import io.stampede.otlp.OtlpReceiver;
import io.stampede.run.CoordinatorOptions;
import io.stampede.secret.ClusterSecret;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PfxOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "coordinator", description = "Starts a coordinator: the HTTP API, the live feed and the runs of a cluster of workers.")
final class CoordinatorCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorCommand.class);

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Option(names = "--port", description = "HTTP port of the API and dashboard (default ${DEFAULT-VALUE})")
    int port = 8080;

    @Option(names = "--bind", paramLabel = "ADDR", description = "HTTP address to listen on (default ${DEFAULT-VALUE})")
    String bind = "127.0.0.1";

    @Option(names = "--data-dir", paramLabel = "DIR", description = "where run folders are kept (default ${DEFAULT-VALUE})")
    Path dataDir = Path.of("results");

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "file holding the API's token (default: $STAMPEDE_TOKEN): it starts and stops runs, and reads;"
                    + " required when --bind is not loopback")
    Path tokenFile;

    @Option(names = "--token", paramLabel = "TOKEN", description = "the token itself (accepted with a warning: ps shows it)")
    String token;

    @Option(names = "--read-token-file", paramLabel = "FILE",
            description = "file holding a token that only reads (default: $STAMPEDE_READ_TOKEN): for dashboards and /metrics scrapers")
    Path readTokenFile;

    @Option(names = "--open-reads", description = "beyond loopback, let anyone who reaches the port read runs, results and"
            + " /metrics without a token (changes still need the token)")
    boolean openReads;

    @Option(names = "--tls-cert", paramLabel = "FILE.pem", description = "serve the API and dashboard over HTTPS with this"
            + " certificate chain (PEM), with --tls-key")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE.pem", description = "the certificate's private key (PEM)")
    Path tlsKey;

    @Option(names = "--tls-p12", paramLabel = "FILE.p12", description = "or: key and certificate in a PKCS#12 store"
            + " (password: $STAMPEDE_TLS_PASSWORD)")
    Path tlsP12;

    @Option(names = "--max-users", paramLabel = "N", description = "most users a submitted run may have (default ${DEFAULT-VALUE})")
    int maxUsers = 100_000;

    @Option(names = "--max-runs", paramLabel = "N", description = "most runs under way at once (default ${DEFAULT-VALUE})")
    int maxRuns = 4;

    @Option(names = "--max-submits", paramLabel = "N", description = "most runs submitted per minute, all callers together"
            + " (default ${DEFAULT-VALUE})")
    int maxSubmits = 30;

    @Option(names = "--insecure", description = "allow listening beyond loopback without a token")
    boolean insecure;

    @Option(names = "--loss-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "a worker not heard from for this long is lost and its users handed over (default ${DEFAULT-VALUE});"
                    + " shorter finds a dead worker sooner, longer forgives longer pauses (GC, a busy machine)")
    Duration lossTimeout = Duration.ofSeconds(4);

    @Mixin
    OtlpCliOptions otlp = new OtlpCliOptions();

    @Mixin
    IndexCliOptions index = new IndexCliOptions();

    @Mixin
    IndexCliOptions.Keep keep = new IndexCliOptions.Keep();

    @Override
    public Integer call() throws Exception {
        ClusterSecret secret;
        ApiOptions apiOptions;
        CoordinatorOptions options;
        OtlpOptions receiverOptions;
        try {
            secret = cluster.secret();
            apiOptions = apiOptions();
            options = otlp.apply(new CoordinatorOptions().dataDir(dataDir))
                    .database(index.database(dataDir, System.err)).retention(keep.retention());
            receiverOptions = otlp.receiver(bind);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return ExitCodes.NOT_CARRIED_OUT;
        }
        KnownMembers known = new KnownMembers(dataDir);
        if (cluster.kubernetesService == null && !cluster.multicast) {
            cluster.join = known.withRemembered(cluster.join);
        }
        ClusterNode node = ClusterNode.start(cluster);
        node.vertx().setPeriodic(5_000, id -> node.vertx().executeBlocking(() -> {
            known.remember(node.otherMembers());
            return null;
        }));
        Coordinator coordinator;
        try {
            coordinator = Await.result(Coordinator.start(node.vertx(), options
                    .clusterSecret(secret)
                    .workerLossMs(lossTimeout.toMillis()).maxUsers(maxUsers).maxRuns(maxRuns)),
                    Duration.ofSeconds(60));
        } catch (IndexException e) {
            System.err.println("error: " + e.getMessage());
            node.close();
            return ExitCodes.NOT_CARRIED_OUT;
        }
        node.onMemberLeft(coordinator.workers()::markNodeLeft);
        HttpApi api;
        try {
            api = Await.result(HttpApi.start(node.vertx(), coordinator, StandardRoutes.addTo(apiOptions)), Duration.ofSeconds(30));
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            node.close();
            return ExitCodes.NOT_CARRIED_OUT;
        }
        OtlpReceiver receiver = null;
        if (receiverOptions != null) {
            try {
                receiver = Await.result(OtlpReceiver.start(node.vertx(), coordinator.spans(), receiverOptions), Duration.ofSeconds(30));
            } catch (Exception e) {
                System.err.println("error: the OTLP receiver cannot listen on " + bind + ":" + receiverOptions.port() + " ("
                        + e.getMessage() + "): pick another --otlp-port, or --no-otlp");
                node.close();
                return ExitCodes.NOT_CARRIED_OUT;
            }
        }
        LOG.info("coordinator {} up: API on {}://{}:{}, {}data in {}", coordinator.options().coordinatorId(),
                apiOptions.tls() == null ? "http" : "https", bind, api.port(),
                receiver == null ? "" : "OTLP spans on http://" + bind + ":" + receiver.port() + OtlpReceiver.PATH + ", ",
                dataDir.toAbsolutePath());
        OtlpReceiver otlpReceiver = receiver;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Await.result(api.close(), Duration.ofSeconds(10));
                if (otlpReceiver != null) {
                    Await.result(otlpReceiver.close(), Duration.ofSeconds(10));
                }
                node.close();
            } catch (Exception e) {
                LOG.warn("shutdown: {}", e.getMessage());
            }
            stopped.countDown();
        }, "stampede-coordinator-shutdown"));
        stopped.await();
        return 0;
    }

    /** Tokens from files or the environment, TLS from files: every mistake a sentence, before anything starts. */
    ApiOptions apiOptions() {
        ApiOptions options = new ApiOptions().host(bind).port(port).insecure(insecure).openReads(openReads)
                .submitsPerMinute(maxSubmits)
                .token(Tokens.resolve("--token", token, tokenFile, "STAMPEDE_TOKEN", System.err))
                .readToken(Tokens.resolve("--read-token", null, readTokenFile, "STAMPEDE_READ_TOKEN", System.err));
        if (tlsP12 != null) {
            options.tls(new PfxOptions().setPath(readable(tlsP12, "--tls-p12").toString())
                    .setPassword(System.getenv("STAMPEDE_TLS_PASSWORD")));
        } else if (tlsCert != null || tlsKey != null) {
            if (tlsCert == null || tlsKey == null) {
                throw new IllegalArgumentException("--tls-cert and --tls-key go together: the certificate chain and its private key");
            }
            options.tls(new PemKeyCertOptions().setCertPath(readable(tlsCert, "--tls-cert").toString())
                    .setKeyPath(readable(tlsKey, "--tls-key").toString()));
        }
        return options;
    }

    private static Path readable(Path file, String option) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(option + " " + file + ": no such readable file");
        }
        return file;
    }
}
