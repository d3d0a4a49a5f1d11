package io.stampede.engine;

import java.util.SplittableRandom;

import io.stampede.clientspan.ClientSpans;
import io.stampede.protocol.ProtocolDriver;
import io.stampede.protocol.http.PlainRequests;
import io.stampede.recording.LaneRecorder;
import io.stampede.scenario.Scenario;
import io.vertx.core.Vertx;

/**
 * What the users of one lane share: the scenario and its precomputed steps, the drivers, the
 * recorder, the lane's clock limits. Everything here is used from the lane's event loop only.
 *
 * @param timeoutNanos  a step still waiting after this long fails with a timeout
 * @param clientSpans   Stampede's own client spans out ({@code --otlp-export}), or null
 */
record LaneContext(
        Vertx vertx,
        String runId,
        Scenario scenario,
        StepMeta[] steps,
        ProtocolDriver driver,
        PlainRequests plain,
        LaneRecorder recorder,
        SplittableRandom random,
        int iterations,
        long timeoutNanos,
        long traceSeed,
        ClientSpans clientSpans) {
}
