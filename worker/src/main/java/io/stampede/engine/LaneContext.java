package io.stampede.engine;

import java.util.SplittableRandom;

import io.stampede.clientspan.ClientSpans;
import io.stampede.protocol.ProtocolDriver;
import io.stampede.protocol.http.PlainRequests;
import io.stampede.recording.LaneRecorder;
import io.stampede.scenario.Scenario;
import io.netty.channel.EventLoop;
import io.vertx.core.Vertx;

/**
 * What the users of one lane share: the scenario and its precomputed steps, the drivers, the
 * recorder, the lane's clock limits. Everything here is used from the lane's event loop only.
 *
 * @param timeoutNanos     a step still waiting after this long fails with a timeout
 * @param eventLoop        the lane's Netty event loop, where exchange timeouts are scheduled
 * @param conversationTag  ends every conversation id: empty, or for users taken over from a lost
 *                         worker {@code -<slice id>}, so a conversation cut by the loss and begun
 *                         again here never shares its id with the one cut
 * @param clientSpans      Stampede's own client spans out ({@code --otlp-export}), or null
 * @param goodput          how conversations are judged good, and where the verdicts go
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
        String conversationTag,
        EventLoop eventLoop,
        ClientSpans clientSpans,
        Goodput goodput) {
}
