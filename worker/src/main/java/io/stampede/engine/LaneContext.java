package io.stampede.engine;

import java.util.SplittableRandom;

import io.stampede.limits.ReplyBudget;
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
 * @param conversations    where {@code from_dataset} conversations come from, or null without a dataset
 * @param simulator        the simulated user of {@code from_simulator} steps, or null
 * @param judge            the LLM judge of {@code judge} checks, or null
 * @param record           each conversation is recorded whole ({@code --record})
 * @param replies          the worker's reply budget, which each user draws from
 * @param drawUsers        the run's users, by which a user's draws are numbered (see {@code DrawOrder.drawOf})
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
        Goodput goodput,
        io.stampede.workload.ConversationSource conversations,
        io.stampede.assist.SimulatedUser simulator,
        io.stampede.assist.Judge judge,
        boolean record,
        int drawUsers,
        ReplyBudget replies) {
}
