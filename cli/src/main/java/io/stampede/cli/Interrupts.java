package io.stampede.cli;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C while the CLI waits on a run, as k6 and Locust behave: the first one calls
 * {@code onFirst} (stop the run; its partial summary and where its results are still follow),
 * a second one ends the process at once with exit 130. The handler is this object's only while it
 * is open; closing it gives Ctrl-C back to the JVM.
 *
 * <p>Why {@code sun.misc.Signal}: a shutdown hook runs once the JVM is already exiting, when a
 * second Ctrl-C can no longer be told apart; the JDK keeps this API (module jdk.unsupported,
 * JEP 260) for exactly this.
 */
final class Interrupts implements AutoCloseable {
    static final int EXIT_CODE = 130;
    private static final Signal INT = new Signal("INT");

    private final AtomicInteger count = new AtomicInteger();
    private final SignalHandler previous;

    private Interrupts(Runnable onFirst, String firstMessage, PrintStream err) {
        SignalHandler handler = signal -> {
            if (count.incrementAndGet() == 1) {
                err.println();
                err.println(firstMessage + " (Ctrl-C again to quit at once)");
                Thread stopper = new Thread(onFirst, "stampede-interrupt");
                stopper.setDaemon(true);
                stopper.start();
            } else {
                err.println();
                err.println("quit");
                err.flush();
                Runtime.getRuntime().halt(EXIT_CODE);
            }
        };
        SignalHandler before;
        try {
            before = Signal.handle(INT, handler);
        } catch (IllegalArgumentException e) {
            before = null; // the JVM does not let us have SIGINT (-Xrs): Ctrl-C ends the process as usual
        }
        this.previous = before;
    }

    /** Handles Ctrl-C until closed; {@code firstMessage} tells the user what the first one does. */
    static Interrupts handle(Runnable onFirst, String firstMessage, PrintStream err) {
        return new Interrupts(onFirst, firstMessage, err);
    }

    /** True once Ctrl-C was pressed. */
    boolean happened() {
        return count.get() > 0;
    }

    @Override
    public void close() {
        if (previous != null) {
            Signal.handle(INT, previous);
        }
    }
}
