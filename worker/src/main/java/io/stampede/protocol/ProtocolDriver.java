package io.stampede.protocol;

import io.stampede.scenario.SendStep;
import io.vertx.core.Future;

/**
 * Sends one conversation turn ({@code send} step) in one protocol. One instance per lane,
 * used only from that lane's event loop. The future always succeeds: transport and protocol
 * failures are an {@link AgentResponse} with an error, so the engine records them like any
 * other outcome.
 */
public interface ProtocolDriver {
    Future<AgentResponse> send(UserSession session, SendStep step, String message);

    /** The user's conversation is over (or the user stopped): drop what the driver kept for it. */
    default void conversationEnded(UserSession session) {
    }

    /** The lane is stopping: close what the driver opened (sockets, clients). */
    default Future<Void> close() {
        return Future.succeededFuture();
    }
}
