package io.stampede.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;

/** The rehearsal runs the real engine to its end on its own, and leaves nothing behind. */
class RehearsalTest {
    @Test
    void everyConversationOfTheRehearsalRunsAndItEnds() throws Exception {
        Vertx caller = Vertx.vertx();
        try {
            long requests = Rehearsal.rehearse(caller, 2).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(requests).as("8 users × 40 conversations × 2 steps").isEqualTo(640);
        } finally {
            caller.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
