package io.stampede.cli;

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
import io.stampede.otlp.OtlpOptions;
import io.stampede.otlp.OtlpReceiver;
import io.stampede.run.CoordinatorOptions;
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

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:STAMPEDE_TOKEN}",
            description = "bearer token for mutating API calls (default: $STAMPEDE_TOKEN); required when --bind is not loopback")
    String token;

    @Option(names = "--insecure", description = "allow listening beyond loopback without a token")
    boolean insecure;

    @Mixin
    OtlpCliOptions otlp = new OtlpCliOptions();

    @Override
    public Integer call() throws Exception {
        CoordinatorOptions options;
        OtlpOptions receiverOptions;
        try {
            options = otlp.apply(new CoordinatorOptions().dataDir(dataDir));
            receiverOptions = otlp.receiver(bind);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return ExitCodes.INVALID;
        }
        ClusterNode node = ClusterNode.start(cluster);
        Coordinator coordinator = Await.result(Coordinator.start(node.vertx(), options), Duration.ofSeconds(30));
        node.onMemberLeft(coordinator.workers()::markNodeLeft);
        HttpApi api;
        try {
            api = Await.result(HttpApi.start(node.vertx(), coordinator, StandardRoutes.addTo(new ApiOptions().host(bind).port(port)
                    .token(token).insecure(insecure))), Duration.ofSeconds(30));
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
        LOG.info("coordinator {} up: API on http://{}:{}, {}data in {}", coordinator.options().coordinatorId(), bind, api.port(),
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
}
