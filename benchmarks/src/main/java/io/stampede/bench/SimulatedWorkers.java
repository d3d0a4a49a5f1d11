package io.stampede.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;

import io.stampede.bus.Bus;
import io.stampede.bus.Incoming;
import io.stampede.metrics.KeyStats;
import io.stampede.metrics.MetricsSnapshot;
import io.stampede.secret.ClusterSecret;
import io.stampede.wire.Addresses;
import io.stampede.wire.GoSlice;
import io.stampede.wire.IntervalReport;
import io.stampede.wire.LeaseGrant;
import io.stampede.wire.LeaseRequest;
import io.stampede.wire.ReportAck;
import io.stampede.wire.SliceAccepted;
import io.stampede.wire.SlicePlan;
import io.stampede.wire.SnapshotPayload;
import io.stampede.wire.StartSlice;
import io.stampede.wire.StopRun;
import io.stampede.wire.UserProgress;
import io.stampede.wire.WireMessage;
import io.stampede.wire.WorkerHeartbeat;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Many light workers in one JVM, for measuring a coordinator with a cluster of hundreds (bench/coordinator-200.sh):
 * each is a worker as the coordinator sees it — its own id and node id, heartbeats every second
 * (acked), lease renewals twice a second, slices accepted and started, an {@link IntervalReport}
 * per slice every whole second of the run with {@code keys} keys of 200 latencies each and its
 * users' progress, the last report with the totals resent until acked — all real sealed messages
 * over the clustered event bus, but no load. One worker ({@code --lose SECONDS} into the run)
 * falls silent, as a killed one does: the coordinator declares it lost and hands its users to
 * the others, which run them to the end. Users start in the first report and finish in the last,
 * so the summary must reconcile exactly: started = finished = the run's users, none lost.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.stampede.bench.SimulatedWorkers WORKERS JOIN_HOST:PORT [KEYS] [LOSE_AFTER_S]};
 * the cluster's secret from {@code STAMPEDE_CLUSTER_SECRET}.
 */
public final class SimulatedWorkers {
    private static final int VARIANTS = 8;

    private final Vertx vertx;
    private final Bus bus;
    /** A few seconds' worth of figures, encoded once: the coordinator decodes and merges each report as it comes. */
    private final List<MetricsSnapshot> seconds = new ArrayList<>();
    private final List<SnapshotPayload> encoded = new ArrayList<>();
    /** Sums of the shared intervals by how many times each was sent: a handful of distinct ones, summed once. */
    private final Map<String, MetricsSnapshot> sums = new ConcurrentHashMap<>();

    private SimulatedWorkers(Vertx vertx, Bus bus, int keys) {
        this.vertx = vertx;
        this.bus = bus;
        SplittableRandom random = new SplittableRandom(42);
        for (int v = 0; v < VARIANTS; v++) {
            MetricsSnapshot interval = new MetricsSnapshot();
            for (int k = 0; k < keys; k++) {
                KeyStats stats = interval.key((k < keys / 2 ? "step:s" : "node:n") + k);
                for (int i = 0; i < 200; i++) {
                    stats.record(200 + random.nextLong(800_000), random.nextInt(100) > 0);
                }
                stats.addTokens(1000, 400);
            }
            seconds.add(interval);
            encoded.add(SnapshotPayload.of(interval));
        }
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        String join = args[1];
        int keys = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        long loseAfterS = args.length > 3 ? Long.parseLong(args[3]) : -1;
        Config config = ConfigUtil.loadConfig();
        config.setClusterName("stampede");
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.getNetworkConfig().setPort(5801).setPortAutoIncrement(true).getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        config.setProperty("hazelcast.local.localAddress", "127.0.0.1");
        JoinConfig joining = config.getNetworkConfig().getJoin();
        joining.getMulticastConfig().setEnabled(false);
        joining.getTcpIpConfig().setEnabled(true).setMembers(List.of(join));
        VertxOptions options = new VertxOptions().setPreferNativeTransport(true);
        options.getEventBusOptions().setHost("127.0.0.1");
        Vertx vertx = Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(config)).buildClustered()
                .toCompletionStage().toCompletableFuture().get();
        Bus bus = Bus.start(vertx, ClusterSecret.of(System.getenv(ClusterSecret.ENV), ClusterSecret.ENV))
                .toCompletionStage().toCompletableFuture().get();
        SimulatedWorkers sims = new SimulatedWorkers(vertx, bus, keys);
        // One verticle instance per event loop, each hosting every loops-th worker. Not
        // getOrCreateContext() from this thread: that is one context, sticky to the thread, so all
        // the workers would share one event loop and one stalled second would stop every heartbeat.
        int loops = 2 * Runtime.getRuntime().availableProcessors();
        AtomicInteger instance = new AtomicInteger();
        vertx.deployVerticle(() -> new VerticleBase() {
            @Override
            public Future<?> start() {
                List<Future<?>> started = new ArrayList<>();
                for (int i = instance.getAndIncrement(); i < count; i += loops) {
                    started.add(sims.new Worker(String.format("sim-%03d", i), i == count / 2 ? loseAfterS : -1).start());
                }
                return Future.all(started);
            }
        }, new DeploymentOptions().setInstances(loops)).toCompletionStage().toCompletableFuture().get();
        System.out.println(count + " simulated workers up, joined " + join);
        Thread.currentThread().join();
    }

    /** One simulated worker. */
    private final class Worker {
        final String id;
        final String node;
        final long loseAfterS;
        final Map<String, Slice> slices = new HashMap<>();
        final Map<String, Long> epochs = new HashMap<>();
        final SplittableRandom random;
        boolean silent;

        Worker(String id, long loseAfterS) {
            this.id = id;
            this.node = "node-" + id;
            this.loseAfterS = loseAfterS;
            this.random = new SplittableRandom(id.hashCode());
        }

        /** Listens first; heartbeats (which make the coordinator count on it) only once every consumer is registered. */
        Future<?> start() {
            List<Future<Void>> registered = new ArrayList<>();
            registered.add(bus.listen(Addresses.workerStart(id, node), StartSlice.class, this::onStart).completion());
            registered.add(bus.listen(Addresses.workerGo(id, node), GoSlice.class, this::onGo).completion());
            registered.add(bus.listen(Addresses.workerStop(id, node), StopRun.class, m -> {
                m.ack();
                slices.values().stream().filter(s -> s.runId.equals(m.body().runId())).toList().forEach(Slice::end);
            }).completion());
            registered.add(bus.listen(Addresses.workerClock(id, node), io.stampede.wire.ClockPing.class, m -> m.reply(
                    new io.stampede.wire.ClockPing(WireMessage.VERSION, m.body().coordinatorMs(), System.currentTimeMillis())))
                    .completion());
            return Future.all(registered).onSuccess(all -> {
                vertx.setPeriodic(1 + random.nextInt(1000), 1000, t -> heartbeat());
                vertx.setPeriodic(500, t -> renew());
            });
        }

        void heartbeat() {
            if (silent) {
                return;
            }
            int active = slices.values().stream().mapToInt(s -> s.users.size()).sum();
            List<String> runs = slices.values().stream().map(s -> s.runId).distinct().toList();
            bus.requestAck(Addresses.WORKER_HEARTBEAT, new WorkerHeartbeat(WireMessage.VERSION, id, "sim", 19_500, active, runs, 0,
                    System.currentTimeMillis(), "0.1.0", node, 0.01, 0L), 2_000);
        }

        void renew() {
            if (silent) {
                return;
            }
            slices.values().stream().map(s -> s.coordinatorId).distinct().forEach(c -> bus.request(Addresses.coordinatorLease(c),
                    new LeaseRequest(WireMessage.VERSION, id, epochs.getOrDefault(c, 1L)), LeaseGrant.class, 1_000)
                    .onSuccess(g -> epochs.put(c, g.epoch())));
        }

        void onStart(Incoming<StartSlice> message) {
            StartSlice start = message.body();
            Slice slice = new Slice(this, start);
            slices.put(start.runId() + "/" + start.sliceId(), slice);
            message.reply(new SliceAccepted(WireMessage.VERSION, start.runId(), start.sliceId(), id, List.of(slice.source)));
        }

        void onGo(Incoming<GoSlice> message) {
            Slice slice = slices.get(message.body().runId() + "/" + message.body().sliceId());
            if (slice == null) {
                message.fail("no slice");
                return;
            }
            message.ack();
            slice.go(message.body().startAtMs());
        }
    }

    /** A slice on a simulated worker: one report source. */
    private final class Slice {
        final Worker worker;
        final String runId;
        final String sliceId;
        final String coordinatorId;
        final String source;
        final SlicePlan plan;
        final List<Integer> users = new ArrayList<>();
        /** How many times each shared interval was sent, and the users counted on top: the last report's totals. */
        final int[] sent = new int[VARIANTS];
        long usersStarted;
        long usersFinished;
        long seq;
        long startAtMs;
        long lastCutMs;
        long timer = -1;
        boolean ended;

        Slice(Worker worker, StartSlice start) {
            this.worker = worker;
            this.runId = start.runId();
            this.sliceId = start.sliceId();
            this.coordinatorId = start.coordinatorId();
            this.source = worker.id + "/" + start.sliceId() + "/0";
            this.plan = start.plan();
            for (int k = 0; k < plan.userCount(); k++) {
                users.add(plan.userAt(k));
            }
        }

        void go(long startAtMs) {
            this.startAtMs = startAtMs;
            this.lastCutMs = Math.max(startAtMs, System.currentTimeMillis());
            long durationMs = plan.load().durationMs();
            schedule(durationMs);
        }

        private void schedule(long durationMs) {
            long now = System.currentTimeMillis();
            long next = startAtMs + 1000 * Math.max(1, (now - startAtMs) / 1000 + 1);
            timer = vertx.setTimer(Math.max(1, next - now), t -> {
                if (ended) {
                    return;
                }
                if (worker.loseAfterS >= 0 && next - startAtMs >= worker.loseAfterS * 1000) {
                    worker.silent = true; // as if killed: no heartbeat, no renewal, no report any more
                    ended = true;
                    System.out.println(worker.id + " falls silent at second " + (next - startAtMs) / 1000);
                    return;
                }
                if (next - startAtMs >= durationMs) {
                    end();
                } else {
                    bus.publish(Addresses.runReports(runId), cut(false));
                    schedule(durationMs);
                }
            });
        }

        /** The last report, with the totals, resent until acked. */
        void end() {
            if (ended) {
                return;
            }
            ended = true;
            vertx.cancelTimer(timer);
            sendLast(cut(true), 1);
        }

        private void sendLast(IntervalReport report, int attempt) {
            bus.request(Addresses.runReports(runId), report, ReportAck.class, 2_000).onFailure(e -> {
                if (attempt < 15) {
                    vertx.setTimer(500, t -> sendLast(report, attempt + 1));
                }
            });
        }

        /**
         * A second of made-up but realistic figures ({@code keys} histograms of 200 latencies, one of
         * a few encoded once), users started in the first report and finished in the last; the last
         * carries the slice's totals, as a real lane's does.
         */
        private IntervalReport cut(boolean last) {
            int variant = (int) ((seq + worker.id.hashCode()) & 0x7fffffff) % VARIANTS;
            SnapshotPayload payload = encoded.get(variant);
            List<UserProgress> progress = new ArrayList<>();
            sent[variant]++;
            if (seq == 0 || last) {
                MetricsSnapshot interval = seconds.get(variant).copy();
                if (seq == 0) {
                    for (int k = 0; k < users.size(); k++) {
                        if (!plan.startedAt(k)) {
                            interval.counters().usersStarted++;
                        }
                        progress.add(new UserProgress(users.get(k), plan.doneAt(k), false));
                    }
                }
                if (last) {
                    interval.counters().usersFinished += users.size();
                    users.forEach(u -> progress.add(new UserProgress(u, 0, true)));
                }
                usersStarted += interval.counters().usersStarted;
                usersFinished += interval.counters().usersFinished;
                payload = SnapshotPayload.of(interval);
            }
            SnapshotPayload totals = null;
            if (last) {
                MetricsSnapshot sum = sums.computeIfAbsent(java.util.Arrays.toString(sent), k -> {
                    MetricsSnapshot all = new MetricsSnapshot();
                    for (int v = 0; v < VARIANTS; v++) {
                        for (int n = 0; n < sent[v]; n++) {
                            all.add(seconds.get(v));
                        }
                    }
                    return all;
                }).copy();
                sum.counters().usersStarted += usersStarted;
                sum.counters().usersFinished += usersFinished;
                totals = SnapshotPayload.of(sum);
            }
            long now = System.currentTimeMillis();
            IntervalReport report = new IntervalReport(WireMessage.VERSION, runId, sliceId, source, seq++, lastCutMs, now, last,
                    last ? 0 : users.size(), payload, totals, List.of(), progress);
            lastCutMs = now;
            return report;
        }
    }
}
