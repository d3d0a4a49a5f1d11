package io.stampede.run;

import java.util.List;

import io.stampede.cluster.LeaseDesk;
import io.stampede.cluster.WorkerInfo;
import io.stampede.otlp.SpanRuns;
import io.vertx.core.Future;
import io.stampede.bus.Bus;
import io.vertx.core.Vertx;

/** What a run's execution needs from its coordinator. */
interface CoordinatorServices {
    Vertx vertx();

    /** The sealed event bus to the workers. */
    Bus bus();

    /** The cluster node of the worker that holds {@code workerId} (its bus addresses name it). */
    String nodeOf(String workerId);

    CoordinatorOptions options();

    String coordinatorId();

    /**
     * The workers available once they hold {@code users} together (at once, or after waiting a
     * while for workers to join); fails when none comes, or with the numbers when too few do.
     */
    Future<List<WorkerInfo>> awaitCapacity(int users);

    /** The workers whose heartbeat is current. */
    List<WorkerInfo> availableWorkers();

    /** The workers' leases: the epoch a slice runs under, and when a lost worker's lease has surely run out. */
    LeaseDesk leases();

    /** Calls {@code listener(event, worker)} on the coordinator's context when a worker joins or is lost, until the run ends. */
    void watchWorkers(Run run, java.util.function.BiConsumer<String, WorkerInfo> listener);

    /** The scenario text to keep in the results, secrets removed. */
    String redactedScenario(Run run);

    /** The run started: its record says so on disk (a restart after a crash then knows when it began). */
    void runStarted(Run run);

    /** The run ended: completes once run.json on disk says how (before anyone is told it is over). */
    io.vertx.core.Future<Void> runEnded(Run run);

    /** Writes the run's trend.json from the run index, when its scenario has history (blocking: a worker thread). */
    void writeTrend(io.stampede.results.ResultFolder folder);

    /** The runs that take the agent's own spans (the OTLP receiver routes to them). */
    SpanRuns spans();
}
