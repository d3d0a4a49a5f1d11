package io.stampede.run;

import java.util.Objects;
import java.util.function.LongFunction;

import io.stampede.cluster.Slice;
import io.stampede.load.ArrivalSegment;
import io.stampede.load.LoadProfile;
import io.stampede.wire.Addresses;
import io.stampede.wire.ClockPing;
import io.stampede.wire.GoSlice;
import io.stampede.wire.ScenarioPayload;
import io.stampede.wire.SliceAccepted;
import io.stampede.wire.SlicePlan;
import io.stampede.wire.StartSlice;
import io.stampede.wire.Tracing;
import io.stampede.wire.WireMessage;
import io.vertx.core.Future;

/**
 * Puts a run's slices on workers, in two phases: {@link #prepare} measures the worker's clock
 * and has it load the scenario and deploy its lanes; {@link #go} gives it the run's start
 * instant. Knows the wire protocol of starting; not what happens after.
 */
final class SliceLauncher {
    private static final long REPLY_TIMEOUT_MS = 15_000;
    private static final int CLOCK_PROBES = 3;
    private static final int REJOIN_RETRIES = 2;

    private final CoordinatorServices services;
    private final Run run;
    private final ScenarioPayload payload;
    private final Tracing tracing;
    private int nextSlice;

    SliceLauncher(CoordinatorServices services, Run run, ScenarioPayload payload, Tracing tracing) {
        this.services = services;
        this.run = run;
        this.payload = payload;
        this.tracing = tracing;
    }

    /**
     * A worker's part: a user range (closed model, also with stages: the target is global), or
     * for the open model a segment of the arrivals and of {@code max_users}, both in proportion
     * to capacity (the slice's range of the max users is its segment).
     */
    static SlicePlan planFor(LoadProfile load, Slice slice) {
        if (load.isOpen()) {
            return SlicePlan.open(load, ArrivalSegment.ofWorker(slice.userFrom(), slice.userTo(), load.users(), slice.users()));
        }
        return SlicePlan.range(load, slice.userFrom(), slice.userTo());
    }

    /** A new slice for {@code workerId}, not sent yet. */
    SliceState slice(String workerId, SlicePlan plan) {
        return new SliceState("s" + nextSlice++, workerId, plan);
    }

    /** Measures the worker's clock, then has it prepare the slice; completes when the worker accepted. */
    Future<SliceState> prepare(SliceState slice) {
        SlicePlan plan = slice.plan;
        return clockOffset(slice.workerId, CLOCK_PROBES, Long.MAX_VALUE, 0).compose(offset -> {
            slice.clockOffsetMs = offset;
            SlicePlan corrected = plan.withClockOffset(offset);
            return startOn(slice.workerId, epoch -> new StartSlice(WireMessage.VERSION, run.id(), slice.sliceId,
                    services.coordinatorId(), epoch, payload, corrected, tracing, run.record()), REJOIN_RETRIES);
        }).map(ok -> {
            slice.sources = ok.sources();
            slice.status = SliceStatus.RUNNING;
            return slice;
        }).recover(failure -> {
            slice.status = SliceStatus.FAILED;
            return Future.failedFuture("worker " + slice.workerId + " did not start its slice: " + failure.getMessage());
        });
    }

    /**
     * Asks the worker's current cluster node to start the slice under the worker's current lease
     * epoch. A worker's addresses name its node, and a worker that joined its cluster again
     * (after a pause or a split) is on a new node, under a new epoch: when the start failed and
     * the worker has moved or its epoch changed meanwhile, the request goes again to where it is
     * now, with the epoch it holds now. A start that failed never ran, so nothing starts twice.
     */
    private Future<SliceAccepted> startOn(String workerId, LongFunction<StartSlice> messageAt, int retries) {
        String node = services.nodeOf(workerId);
        long epoch = services.leases().epoch(workerId);
        return services.bus().request(Addresses.workerStart(workerId, node), messageAt.apply(epoch), SliceAccepted.class,
                        REPLY_TIMEOUT_MS)
                .recover(failure -> retries > 0 && (!Objects.equals(node, services.nodeOf(workerId))
                        || epoch != services.leases().epoch(workerId))
                        ? startOn(workerId, messageAt, retries - 1) : Future.failedFuture(failure));
    }

    /** Tells a prepared slice the run's start instant. */
    Future<Void> go(SliceState slice, long startAtMs) {
        GoSlice go = new GoSlice(WireMessage.VERSION, run.id(), slice.sliceId, startAtMs);
        return services.bus().requestAck(Addresses.workerGo(slice.workerId, services.nodeOf(slice.workerId)), go, REPLY_TIMEOUT_MS)
                .recover(e -> Future.failedFuture("worker " + slice.workerId + " did not start: " + e.getMessage()));
    }

    /**
     * The worker's clock minus ours, from the probe with the shortest round trip (its error is
     * at most half that round trip). Zero when the worker does not answer probes.
     */
    private Future<Long> clockOffset(String workerId, int probes, long bestRtt, long bestOffset) {
        if (probes == 0) {
            return Future.succeededFuture(bestOffset);
        }
        long sent = System.currentTimeMillis();
        ClockPing ping = new ClockPing(WireMessage.VERSION, sent, 0);
        return services.bus().request(Addresses.workerClock(workerId, services.nodeOf(workerId)), ping, ClockPing.class, 2000)
                .compose(reply -> {
                    long received = System.currentTimeMillis();
                    long workerMs = reply.workerMs();
                    long rtt = received - sent;
                    long offset = workerMs - (sent + received) / 2;
                    return rtt < bestRtt ? clockOffset(workerId, probes - 1, rtt, offset)
                            : clockOffset(workerId, probes - 1, bestRtt, bestOffset);
                }, failure -> Future.succeededFuture(bestOffset));
    }
}
