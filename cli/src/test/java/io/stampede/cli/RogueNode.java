package io.stampede.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.stampede.load.LoadProfile;
import io.stampede.secret.ClusterSecret;
import io.stampede.secret.Sealer;
import io.stampede.wire.IntervalReport;
import io.stampede.wire.KeyPayload;
import io.stampede.wire.ScenarioPayload;
import io.stampede.wire.SlicePlan;
import io.stampede.wire.SnapshotPayload;
import io.stampede.wire.StartSlice;
import io.stampede.wire.StopRun;
import io.stampede.wire.WireCodec;
import io.stampede.wire.WireMessage;
import io.stampede.wire.WorkerHeartbeat;
import io.vertx.core.Vertx;

/**
 * An attacker on the cluster network, without the cluster's secret: a Hazelcast member (the
 * open-source member protocol lets anyone in who knows the cluster name) that reads the event
 * bus's subscriptions (cluster data), listens on every Stampede address it finds, writes all it
 * receives to a capture file, sends each captured message back to its address (replay), and
 * every half second forges what it would like the others to believe — a heartbeat for itself
 * and one claiming a real worker's id, a StartSlice and a StopRun to every worker, a report
 * with huge counts to every run — plain, and sealed with a secret of its own. Stops by itself.
 *
 * <p>{@code RogueNode CLUSTER_PORT OWN_PORT CLUSTER_NAME CAPTURE_FILE SECONDS CLAIMED_WORKER_ID}
 */
public final class RogueNode {
    private RogueNode() {
    }

    public static void main(String[] args) throws Exception {
        ClusterOptions options = new ClusterOptions();
        options.join = List.of("127.0.0.1:" + args[0]);
        options.port = Integer.parseInt(args[1]);
        options.name = args[2];
        Path capture = Path.of(args[3]);
        long endAt = System.currentTimeMillis() + Long.parseLong(args[4]) * 1000;
        String claimed = args[5];
        ClusterNode node = ClusterNode.start(options);
        Vertx vertx = node.vertx();
        Sealer wrong = new Sealer(ClusterSecret.random());
        Set<String> listening = ConcurrentHashMap.newKeySet();
        AtomicInteger captured = new AtomicInteger();
        AtomicInteger replayed = new AtomicInteger();
        try (OutputStream out = new FileOutputStream(capture.toFile())) {
            System.out.println("rogue up: cluster member " + node.nodeId());
            while (System.currentTimeMillis() < endAt) {
                for (Object key : node.hazelcast().getMultiMap("__vertx.subs").keySet()) {
                    String address = key.toString();
                    if (address.startsWith("stampede.") && listening.add(address)) {
                        vertx.eventBus().<byte[]>consumer(address, m -> {
                            if (m.body().length > 0 && (m.body()[0] == '{' || wrong.open(address, m.body()) != null)) {
                                return; // its own forgeries
                            }
                            captured.incrementAndGet();
                            write(out, address, m.body());
                            if (replayed.get() < 500) {
                                replayed.incrementAndGet();
                                vertx.eventBus().publish(address, m.body());
                            }
                        });
                    }
                }
                for (String address : listening) {
                    forge(vertx, wrong, address, claimed, node.nodeId());
                }
                Thread.sleep(500);
            }
            System.out.println("rogue done: listened on " + listening.size() + " addresses, captured " + captured.get()
                    + " messages, replayed " + replayed.get());
        }
        node.close();
        System.exit(0);
    }

    private static void forge(Vertx vertx, Sealer wrong, String address, String claimed, String nodeId) {
        long now = System.currentTimeMillis();
        WireMessage message = null;
        if (address.equals("stampede.workers.heartbeat")) {
            for (String id : List.of(claimed, "rogue-" + nodeId.substring(0, 8))) {
                send(vertx, wrong, address, new WorkerHeartbeat(WireMessage.VERSION, id, "rogue", 100_000, 0, List.of(), 0,
                        now, "0.1.0", nodeId, 0.0, 0L));
            }
            return;
        } else if (address.endsWith(".start")) {
            message = new StartSlice(WireMessage.VERSION, "rogue-run", "s9", "rogue", 1,
                    new ScenarioPayload("scenario: x", "x", Map.of(), null, List.of(), List.of()),
                    SlicePlan.range(LoadProfile.closed(1, 0, -1, 1, 0), 0, 1));
        } else if (address.endsWith(".stop")) {
            message = new StopRun(WireMessage.VERSION, "any", "rogue says stop", false);
        } else if (address.endsWith(".reports")) {
            String runId = address.substring("stampede.run.".length(), address.length() - ".reports".length());
            KeyPayload fake = new KeyPayload("step:turn_1", "", 1_000_000, 1_000_000, 0, 0, Map.of("forged", 1_000_000L));
            message = new IntervalReport(WireMessage.VERSION, runId, "s0", "rogue/s0/0", 0, now - 1000, now, true, 0,
                    new SnapshotPayload(List.of(fake), 0, 0, 0, 0, 0, 0, 0, 0), null, List.of(), List.of());
        }
        if (message != null) {
            send(vertx, wrong, address, message);
        }
    }

    /** Plain (no secret) and sealed with a secret that is not the cluster's. */
    private static void send(Vertx vertx, Sealer wrong, String address, WireMessage message) {
        byte[] plain = WireCodec.encode(message);
        vertx.eventBus().publish(address, plain);
        vertx.eventBus().publish(address, wrong.seal(address, plain));
    }

    private static synchronized void write(OutputStream out, String address, byte[] body) {
        try {
            out.write(("\n--- " + address + "\n").getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
        } catch (IOException e) {
            System.out.println("rogue: cannot write the capture: " + e);
        }
    }
}
