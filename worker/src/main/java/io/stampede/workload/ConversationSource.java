package io.stampede.workload;

import io.stampede.dataset.Conversation;
import io.vertx.core.Future;

/**
 * Where a lane's users get the conversation of their draw ({@code from_dataset}): rows the
 * coordinator serves ({@link CoordinatorRows}) or synthetic prompts made here ({@link #synthetic}).
 * On the lane's event loop only.
 */
public interface ConversationSource {
    /** The conversation of draw {@code draw}; null when the dataset is used up (no row for it). */
    Future<Conversation> take(long draw);

    /** Asks for the draw's row ahead of need, so the user does not wait for it. */
    default void prefetch(long draw) {
    }

    static ConversationSource synthetic(io.stampede.dataset.SyntheticPrompts prompts) {
        return draw -> Future.succeededFuture(prompts.conversation(draw));
    }
}
