package io.stampede.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Predicate;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.stampede.limits.ReplyBudget;
import io.stampede.clientspan.ClientSpans;
import io.stampede.load.ArrivalSegment;
import io.stampede.metrics.Counters;
import io.stampede.metrics.MetricKey;
import io.stampede.protocol.ProtocolDriver;
import io.stampede.protocol.http.Endpoint;
import io.stampede.protocol.http.Http1Client;
import io.stampede.protocol.http.HttpTransport;
import io.stampede.protocol.http.PlainRequests;
import io.stampede.recording.EventSampler;
import io.stampede.recording.LaneRecorder;
import io.stampede.scenario.Scenario;
import io.stampede.wire.Rebalanced;
import io.stampede.wire.SlicePlan;
import io.stampede.bus.Bus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.internal.ContextInternal;

/**
 * A share of a slice's users on one event loop: their HTTP clients (the lean one, where each
 * user owns its connection for plain and streamed exchanges, and a pooled Vert.x one for
 * absolute URLs, or for everything with {@code -Dstampede.http.client=vertx}), their recorder,
 * the {@link LoadModel} that brings them, and the end of the load. Everything of a lane runs on
 * its own event loop, so recording takes no lock. {@link LaneReports} reports once a second and,
 * when the last user is done, with the totals.
 *
 * <p>Why one class of this length: it is the lane verticle's life (start, preconnect, begin, end
 * of the load, finish) and the few calls its users and load model make into it, over one set of
 * fields on one event loop; the load models, the reports and the users are already classes of
 * their own.
 */
final class Lane extends VerticleBase {
    /** Users starting within this of the start get their connection while the slice prepares. */
    static final long PRECONNECT_WINDOW_MS = 10_000;
    /** Users interrupted per turn of the event loop when the load ends. */
    static final int INTERRUPT_BATCH = 512;
    /** Connects in flight at once per lane: a burst larger than a target's accept backlog loses SYNs. */
    static final int PRECONNECT_IN_FLIGHT = 128;
    /** The longest a lane holds up the run's start for its connections. */
    static final long PRECONNECT_WAIT_MS = 3_000;

    /**
     * What a lane runs: the plan's users number {@code first} (inclusive) to {@code last}
     * (exclusive), or for the open model its share of the worker's arrival {@code segment}.
     */
    record Setup(String runId, String sliceId, String sourceId, Scenario scenario, SlicePlan plan,
                 int first, int last, long traceSeed, ArrivalSegment segment, boolean leanHttp, Lease lease, long epoch, Bus bus,
                 String exportUrl, Helpers helpers, ReplyBudget replies) {
    }

    /**
     * What a slice's lanes share of the workload: recording on or off, the judge's verdicts so
     * far, and how many lanes split the helpers' concurrency limits (per worker).
     */
    record Helpers(boolean record, io.stampede.assist.JudgeCache judgeCache, int lanes) {
        static final Helpers NONE = new Helpers(false, new io.stampede.assist.JudgeCache(), 1);
    }

    private final Setup setup;
    /** Users scheduled or running; a user leaves when it is done. */
    private final Set<VirtualUser> users = new LinkedHashSet<>();
    /** Users waiting to send until the lease is renewed (it lapsed, e.g. after a pause). */
    private final List<VirtualUser> parked = new ArrayList<>();
    private LaneContext lane;
    private Wakeups wakeups;
    private LoadModel model;
    private LaneReports reports;
    /** The run's start on this machine's System.nanoTime, set by {@link #begin}. */
    private long startNanos;
    private boolean begun;
    /** True once no user may start any more, whatever the model says (stopped, interrupted). */
    private boolean closedToNewUsers;
    private LaneRecorder recorder;
    private HttpClientAgent client;
    private HttpTransport transport;
    private ProtocolDriver driver;
    private io.stampede.assist.SimulatedUser simulator;
    private io.stampede.assist.Judge judge;
    private long loadEndNanos = Long.MAX_VALUE;
    private boolean finishing;
    private LagProbe probe;
    private volatile int activeUsers;

    Lane(Setup setup) {
        this.setup = setup;
    }

    /** Completes after the last report was acked (or given up on). */
    Future<Void> finished() {
        return reports.delivered();
    }

    long lagMs() {
        return probe == null ? 0 : probe.recentMaxMs();
    }

    int activeUsers() {
        return activeUsers;
    }

    @Override
    public Future<?> start() {
        Scenario scenario = setup.scenario();
        recorder = new LaneRecorder(setup.runId(), setup.sliceId(), setup.sourceId(),
                new EventSampler(64, 32, setup.traceSeed() ^ setup.first()), setup.plan().clockOffsetMs(), scenario.secrets());
        reports = new LaneReports(vertx, setup.bus(), setup.runId(), recorder, this::countActive,
                setup.plan().load()::warmupSecond);
        long timeoutMs = scenario.target().timeout().toMillis();
        int poolSize = setup.segment() != null ? setup.segment().maxUsers() : setup.last() - setup.first();
        HttpClientOptions pooled = new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs))
                .setDecompressionSupported(false)
                .setTrustAll(true)
                .setVerifyHost(false);
        if (!scenario.target().sourceAddresses().isEmpty()) {
            pooled.setLocalAddress(scenario.target().sourceAddresses().get(0)); // one address per Vert.x client: the first
        }
        client = vertx.createHttpClient(pooled, new PoolOptions().setHttp1MaxSize(Math.max(1, poolSize)));
        Http1Client lean = setup.leanHttp() ? new Http1Client(context, Endpoint.parse(scenario.target().baseUrl()),
                scenario.target().headers(), timeoutMs, scenario.target().sourceAddresses()) : null;
        if (lean != null) {
            lean.sendGate(() -> maySend(System.nanoTime()));
        }
        transport = new HttpTransport(client, lean, scenario.target());
        driver = Protocols.create(vertx, scenario.target(), transport);
        Helpers helpers = setup.helpers() == null ? Helpers.NONE : setup.helpers();
        simulator = simulator(scenario, helpers);
        judge = judge(scenario, helpers);
        lane = new LaneContext(vertx, setup.runId(), scenario, StepMeta.of(scenario, recorder),
                driver,
                new PlainRequests(transport, scenario.target().http().toolsPath()),
                recorder, new SplittableRandom(setup.traceSeed() * 31 + setup.first()),
                setup.plan().load().iterations(), TimeUnit.MILLISECONDS.toNanos(timeoutMs), setup.traceSeed(),
                setup.plan().handover() ? "-" + setup.sliceId() : "", eventLoop(),
                setup.exportUrl() == null ? null : new ClientSpans(vertx, setup.exportUrl(), setup.sourceId(), scenario.secrets()),
                Goodput.of(scenario, recorder), conversations(scenario), simulator, judge, helpers.record(),
                setup.plan().load().users(), setup.replies());
        wakeups = new Wakeups((ContextInternal) context);
        model = LoadModel.of(this);
        return lean == null ? Future.succeededFuture() : preconnect(lean);
    }

    private io.stampede.workload.ConversationSource conversations(Scenario scenario) {
        io.stampede.scenario.Dataset dataset = scenario.dataset();
        if (dataset == null) {
            return null;
        }
        return dataset.synthetic() != null ? io.stampede.workload.ConversationSource.synthetic(dataset.synthetic())
                : new io.stampede.workload.CoordinatorRows(vertx, setup.bus(), setup.runId(), dataset.source());
    }

    /** The simulated user, its concurrency limit split over the slice's lanes (at least one call each). */
    private io.stampede.assist.SimulatedUser simulator(Scenario scenario, Helpers helpers) {
        io.stampede.scenario.Simulator sim = scenario.simulator();
        if (sim == null) {
            return null;
        }
        java.util.Map<String, Object> fields = new java.util.LinkedHashMap<>();
        if (sim.temperature() != null) {
            fields.put("temperature", sim.temperature());
        }
        if (sim.seed() != null) {
            fields.put("seed", "{{simulator_seed}}");
        }
        return new io.stampede.assist.SimulatedUser(sim, new io.stampede.assist.ModelClient(vertx, sim.endpoint(), "simulator",
                share(sim.concurrency(), helpers), fields, recorder, setup.traceSeed() ^ setup.first()));
    }

    private io.stampede.assist.Judge judge(Scenario scenario, Helpers helpers) {
        boolean any = scenario.steps().stream().anyMatch(s -> s.checks().stream().anyMatch(io.stampede.check.Check::deferred));
        if (!any) {
            return null;
        }
        return new io.stampede.assist.Judge(helpers.judgeCache(), recorder, check -> new io.stampede.assist.ModelClient(vertx,
                check.endpoint(), "judge", share(check.concurrency(), helpers), java.util.Map.of("temperature", 0), recorder,
                setup.traceSeed() ^ ~setup.first()));
    }

    private static int share(int perWorker, Helpers helpers) {
        return Math.max(1, perWorker / Math.max(1, helpers.lanes()));
    }

    /** Asks for the row of an upcoming draw ahead of need (the open model's next arrivals). */
    void prefetch(long draw) {
        if (lane.conversations() != null) {
            lane.conversations().prefetch(draw);
        }
    }

    /**
     * The lane is ready once the connections of its first seconds' users are open (or a few
     * seconds have passed): the run's start instant is set after every slice is ready, so the
     * connects are not in anyone's latency. Later users connect at their start, as new
     * clients do.
     */
    private Future<?> preconnect(Http1Client lean) {
        int early = model.earlyUsers(PRECONNECT_WINDOW_MS);
        if (early == 0) {
            return Future.succeededFuture();
        }
        Promise<Void> ready = Promise.promise();
        long timer = vertx.setTimer(PRECONNECT_WAIT_MS, id -> ready.tryComplete());
        lean.preconnect(early, PRECONNECT_IN_FLIGHT).onComplete(opened -> {
            vertx.cancelTimer(timer);
            ready.tryComplete();
        });
        return ready.future();
    }

    @Override
    public Future<?> stop() {
        if (transport != null) {
            transport.close(); // the users' own connections, if any is still open
        }
        Future<Void> drivers = driver == null ? Future.succeededFuture() : driver.close();
        if (simulator != null) {
            drivers = Future.join(drivers, simulator.close()).mapEmpty();
        }
        if (judge != null) {
            drivers = Future.join(drivers, judge.close()).mapEmpty();
        }
        Future<Void> spans = lane == null || lane.clientSpans() == null ? Future.succeededFuture() : lane.clientSpans().close();
        return client == null ? Future.join(drivers, spans) : Future.join(drivers, client.close(), spans);
    }

    /** From any thread: the run starts at {@code startNanos}; schedules the users and the reports. */
    void begin(long startNanos) {
        context.runOnContext(v -> {
            if (!begun && !finishing) {
                begun = true;
                this.startNanos = startNanos;
                long durationMs = setup.plan().load().durationMs();
                if (durationMs >= 0) {
                    loadEndNanos = startNanos + TimeUnit.MILLISECONDS.toNanos(durationMs);
                    vertx.setTimer(Math.max(1, (loadEndNanos - System.nanoTime()) / 1_000_000),
                            id -> endLoad(setup.plan().load().gracefulStopMs()));
                }
                reports.begin(startNanos);
                model.begin();
                probe = new LagProbe(eventLoop(), recorder.key(MetricKey.GENERATOR_LAG), this::resumeParked);
                probe.start();
            }
        });
    }

    /** From any thread: ends the load; graceful lets conversations in flight finish within the graceful stop. */
    void stopLoad(boolean graceful) {
        context.runOnContext(v -> {
            if (!begun) {
                begun = true; // stopped before it began: it never will
                closedToNewUsers = true;
                maybeFinish();
            } else if (graceful) {
                loadEndNanos = System.nanoTime();
                endLoad(setup.plan().load().gracefulStopMs());
            } else {
                interruptAll();
            }
        });
    }

    /** No conversation starts from now; what is in flight gets {@code graceMs} to finish. */
    private void endLoad(long graceMs) {
        loadEndNanos = Math.min(loadEndNanos, System.nanoTime());
        model.end();
        if (!finishing) {
            vertx.setTimer(Math.max(1, graceMs), id -> interruptAll());
        }
        interrupt(List.copyOf(users), 0, user -> !user.isActive()); // never started: it will not
    }

    private void interruptAll() {
        closedToNewUsers = true;
        model.end();
        interrupt(List.copyOf(users), 0, user -> true);
    }

    /**
     * Interrupts {@code which} of {@code users} from {@code from} on, {@link #INTERRUPT_BATCH} per
     * turn of the event loop: tens of thousands of sockets closed in one turn would hold the loop,
     * and what waits on it (the worker's heartbeats and reports on the event bus), for seconds.
     * A user not yet reached sends nothing it may not: each step asks for the lease first.
     */
    private void interrupt(List<VirtualUser> users, int from, Predicate<VirtualUser> which) {
        int to = Math.min(users.size(), from + INTERRUPT_BATCH);
        for (VirtualUser user : users.subList(from, to)) {
            if (!user.isDone() && which.test(user)) {
                user.interrupt();
            }
        }
        if (to < users.size()) {
            context.runOnContext(v -> interrupt(users, to, which));
        } else {
            maybeFinish();
        }
    }

    private io.netty.channel.EventLoop eventLoop() {
        return ((ContextInternal) context).nettyEventLoop();
    }

    /** Its users' think times, waits and scheduled starts. */
    Wakeups wakeups() {
        return wakeups;
    }

    // ---- what the load models and users use

    Setup setup() {
        return setup;
    }

    Vertx vertx() {
        return vertx;
    }

    long startNanos() {
        return startNanos;
    }

    Counters counters() {
        return recorder.counters();
    }

    int userCount() {
        return users.size();
    }

    /**
     * A new user of this lane, not started yet; {@code startedBefore}: it had started on a lost
     * worker, so it is not counted among the started users again.
     */
    VirtualUser newUser(int id, int conversationsDone, boolean startedBefore) {
        VirtualUser user = new VirtualUser(this, lane, id, conversationsDone, startedBefore);
        users.add(user);
        return user;
    }

    /** True when this lane may send now: its slice holds a current lease (checked before every request). */
    boolean maySend(long nowNanos) {
        return setup.lease().allows(setup.epoch(), nowNanos);
    }

    /** The user waits to send until the lease is renewed; it is interrupted if the slice stops instead. */
    void park(VirtualUser user) {
        parked.add(user);
    }

    /** True once no conversation may start any more. */
    boolean loadEnded() {
        return System.nanoTime() - loadEndNanos >= 0;
    }

    void userDone(VirtualUser user) {
        users.remove(user);
        parked.remove(user);
        maybeFinish();
    }

    /** Ends the lane when no user will start any more and none is left. */
    void maybeFinish() {
        boolean moreToCome = !closedToNewUsers && model.moreToCome();
        if (!moreToCome && users.isEmpty() && !finishing) {
            finishing = true;
            // Let the last completions of this tick land in the recorder before the final cut.
            context.runOnContext(v -> {
                if (probe != null) {
                    probe.stop();
                }
                activeUsers = 0;
                reports.last();
            });
        }
    }

    private int countActive() {
        int active = 0;
        for (VirtualUser user : users) {
            if (user.isActive()) {
                active++;
            }
        }
        activeUsers = active;
        return active;
    }

    /**
     * From any thread: a worker joined the run. Closed model: gives up those of {@code withdraw}
     * that start at or after {@code notBeforeNanos}, answering their ids. Open model: holds
     * {@code segment} from {@code fromMs} after the start, answering the instant it holds from.
     */
    Future<Rebalanced> rebalance(java.util.Set<Integer> withdraw, long notBeforeNanos, ArrivalSegment segment, long fromMs) {
        Promise<Rebalanced> done = Promise.promise();
        context.runOnContext(v -> {
            List<Integer> given = new ArrayList<>();
            long applied = fromMs;
            if (model instanceof Arrivals arrivals && segment != null) {
                applied = arrivals.reshape(segment, fromMs);
            } else if (model instanceof ClosedUsers && !withdraw.isEmpty()) {
                for (VirtualUser user : List.copyOf(users)) {
                    if (withdraw.contains(user.id()) && user.withdraw(notBeforeNanos)) {
                        given.add(user.id());
                    }
                }
            }
            done.complete(new Rebalanced(io.stampede.wire.WireMessage.VERSION, setup.runId(), setup.sliceId(), given, applied));
        });
        return done.future();
    }

    /** Lets parked users send when the lease is back (every lag probe, 20 times a second). */
    private void resumeParked() {
        long now = System.nanoTime();
        if (!parked.isEmpty() && maySend(now)) {
            List<VirtualUser> resumed = List.copyOf(parked);
            parked.clear();
            resumed.forEach(VirtualUser::resume);
        }
    }
}
