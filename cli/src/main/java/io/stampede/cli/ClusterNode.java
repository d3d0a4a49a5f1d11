package io.stampede.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.LifecycleEvent;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PfxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * A clustered Vert.x on Hazelcast: TCP-IP member list by default (multicast off), or
 * Kubernetes DNS discovery of a headless Service. Heartbeats are tightened so a killed member
 * leaves the cluster within seconds, and merges are tightened so separated members find each
 * other again within seconds, not minutes.
 */
final class ClusterNode {
    private final Vertx vertx;
    private final HazelcastClusterManager manager;
    private final AtomicBoolean merged = new AtomicBoolean();

    private ClusterNode(Vertx vertx, HazelcastClusterManager manager) {
        this.vertx = vertx;
        this.manager = manager;
        manager.getHazelcastInstance().getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                merged.set(true);
            }
        });
    }

    static ClusterNode start(ClusterOptions options) throws Exception {
        HazelcastClusterManager manager = new HazelcastClusterManager(hazelcastConfig(options));
        VertxOptions vertxOptions = new VertxOptions().setBlockedThreadCheckInterval(10_000).setPreferNativeTransport(true);
        String host = options.effectiveHost();
        if (host != null) {
            vertxOptions.getEventBusOptions().setHost(host);
        }
        if (options.busKeystore != null) {
            // Mutual TLS: the same store proves who we are and whom we trust.
            PfxOptions store = new PfxOptions().setPath(options.busKeystore).setPassword(options.busKeystorePassword);
            vertxOptions.getEventBusOptions().setSsl(true).setKeyCertOptions(store).setTrustOptions(store)
                    .setClientAuth(ClientAuth.REQUIRED);
        }
        Vertx vertx = Await.result(Vertx.builder().with(vertxOptions).withClusterManager(manager).buildClustered(),
                Duration.ofSeconds(120));
        return new ClusterNode(vertx, manager);
    }

    static Config hazelcastConfig(ClusterOptions options) {
        Config config = ConfigUtil.loadConfig();
        config.setClusterName(options.name);
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "6");
        config.setProperty("hazelcast.shutdownhook.policy", "GRACEFUL");
        // Heal in seconds, not minutes: a coordinator restarted alone, a worker started before
        // its coordinator, or a member back from a pause each forms a cluster of its own at first;
        // Hazelcast's split-brain merge then joins the clusters, by default after 300 s.
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "2");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "2");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(options.port).setPortAutoIncrement(true);
        String host = options.effectiveHost();
        if (host != null) {
            network.getInterfaces().setEnabled(true).addInterface(host);
            config.setProperty("hazelcast.local.localAddress", host);
        }
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(options.multicast);
        if (options.kubernetesService != null) {
            join.getTcpIpConfig().setEnabled(false);
            join.getKubernetesConfig().setEnabled(true).setProperty("service-dns", options.kubernetesService);
        } else if (!options.multicast) {
            join.getTcpIpConfig().setEnabled(true).setMembers(options.join.isEmpty()
                    ? java.util.List.of(host == null ? "127.0.0.1" : host) : options.join);
        }
        return config;
    }

    Vertx vertx() {
        return vertx;
    }

    /**
     * True once Hazelcast merged this member into another cluster (after a split brain: a pause,
     * a partition): the cluster is whole again, but the event bus's view of it may not be.
     */
    boolean merged() {
        return merged.get();
    }

    /** How many members this node's cluster has, itself included. */
    int memberCount() {
        return manager.getHazelcastInstance().getCluster().getMembers().size();
    }

    /** The cluster addresses ({@code host:port}) of the other members. */
    List<String> otherMembers() {
        return manager.getHazelcastInstance().getCluster().getMembers().stream().filter(m -> !m.localMember())
                .map(m -> m.getAddress().getHost() + ":" + m.getAddress().getPort()).toList();
    }

    /** The Hazelcast member under the bus (tests play a rogue member with it). */
    com.hazelcast.core.HazelcastInstance hazelcast() {
        return manager.getHazelcastInstance();
    }

    /** This member's id, as heartbeats carry it. */
    String nodeId() {
        return manager.getNodeId();
    }

    /** Calls {@code listener} with the id of every member that leaves the cluster (or is removed after silence). */
    void onMemberLeft(Consumer<String> listener) {
        manager.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                listener.accept(event.getMember().getUuid().toString());
            }
        });
    }

    void close() throws Exception {
        Await.result(vertx.close(), Duration.ofSeconds(30));
    }
}
