package io.stampede.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.stampede.secret.ClusterSecret;
import picocli.CommandLine.Option;

/** How a node joins the cluster; shared by {@code coordinator} and {@code worker}. */
final class ClusterOptions {
    @Option(names = "--join", split = ",", paramLabel = "HOST:PORT",
            description = "cluster members to join (TCP-IP member list), e.g. 10.0.0.5:5701,10.0.0.6:5701")
    List<String> join = new ArrayList<>();

    @Option(names = "--cluster-host", paramLabel = "ADDR",
            description = "address other members reach this node at (default: 127.0.0.1 when every --join member is on loopback, else chosen by Hazelcast)")
    String host;

    @Option(names = "--cluster-port", paramLabel = "PORT", description = "first cluster port to try (default ${DEFAULT-VALUE}; the next free one is taken)")
    int port = 5701;

    @Option(names = "--cluster-name", paramLabel = "NAME", description = "only members with the same name join (default ${DEFAULT-VALUE})")
    String name = "stampede";

    @Option(names = "--kubernetes-service", paramLabel = "DNS",
            description = "join by Kubernetes DNS lookup of a headless Service instead of --join, e.g. stampede-cluster.default.svc.cluster.local")
    String kubernetesService;

    @Option(names = "--multicast", description = "discover members by multicast (off by default)")
    boolean multicast;

    @Option(names = "--cluster-secret-file", paramLabel = "FILE",
            description = "file holding the cluster's shared secret (default: $STAMPEDE_CLUSTER_SECRET); every node needs the same"
                    + " one: without it a node can neither read nor send a message of the cluster. Make one with `openssl rand -hex 32`")
    Path secretFile;

    @Option(names = "--bus-keystore", paramLabel = "FILE.p12",
            description = "PKCS#12 key store: the event bus between nodes runs over mutual TLS with it (every node needs one"
                    + " signed by, or trusting, the same certificates)")
    String busKeystore;

    @Option(names = "--bus-keystore-password", paramLabel = "PASSWORD", defaultValue = "${env:STAMPEDE_BUS_KEYSTORE_PASSWORD}",
            description = "its password (default: $STAMPEDE_BUS_KEYSTORE_PASSWORD)")
    String busKeystorePassword;

    /**
     * The cluster's secret, from {@code --cluster-secret-file} or {@code $STAMPEDE_CLUSTER_SECRET}
     * (never an argument: anyone on the machine can read arguments in {@code ps}).
     *
     * @throws IllegalArgumentException saying what to do when there is none
     */
    ClusterSecret secret() {
        return ClusterSecret.resolve(secretFile, System.getenv(ClusterSecret.ENV));
    }

    /** The host to bind and announce: explicit, or loopback when the whole cluster is on this machine. */
    String effectiveHost() {
        if (host != null) {
            return host;
        }
        boolean allLoopback = kubernetesService == null && !multicast
                && join.stream().allMatch(m -> m.startsWith("127.") || m.startsWith("localhost"));
        return allLoopback ? "127.0.0.1" : null;
    }
}
