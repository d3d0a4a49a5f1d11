package io.stampede.run;

import java.util.List;

import io.stampede.cluster.WorkerInfo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** What a run's execution needs from its coordinator. */
interface CoordinatorServices {
    Vertx vertx();

    CoordinatorOptions options();

    String coordinatorId();

    /** The workers available now, or after waiting a while for the first to join; fails when none comes. */
    Future<List<WorkerInfo>> awaitWorkers();

    /** The scenario text to keep in the results, secrets removed. */
    String redactedScenario(Run run);

    void runEnded(Run run);
}
