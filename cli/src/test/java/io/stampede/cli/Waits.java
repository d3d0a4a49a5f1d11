package io.stampede.cli;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waiting, bounded, for an event a test cannot be told about (a process printed a line, a run
 * progressed, a server answers): the test goes on as soon as it happened, and fails saying
 * what it waited for when it did not.
 */
final class Waits {
    /** What is waited for; an {@link IOException} counts as not yet (a server not listening yet). */
    interface Check {
        boolean holds() throws Exception;
    }

    private Waits() {
    }

    /**
     * Returns once {@code check} holds (looked at every 100 ms); fails after {@code timeout},
     * saying {@code what} was waited for and {@code context} (e.g. a process's output).
     */
    static void until(String what, Duration timeout, Check check, Supplier<String> context) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (check.holds()) {
                    return;
                }
            } catch (IOException notYet) {
                // not there yet
            }
            if (System.nanoTime() > deadline) {
                fail("waited " + timeout.toSeconds() + " s for " + what + "; " + context.get());
            }
            Thread.sleep(100);
        }
    }
}
