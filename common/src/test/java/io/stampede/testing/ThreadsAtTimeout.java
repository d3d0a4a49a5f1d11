package io.stampede.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * A test that times out (JUnit's {@code @Timeout} or vertx-junit5's) fails with the stacks of the
 * threads that were busy at that moment in its message. CI shows a failure's message, not the
 * test's output file: a hang seen once on CI must be readable from what CI shows. Registered for
 * every module's tests through the service loader (autodetection is on in the parent pom).
 */
public final class ThreadsAtTimeout implements TestExecutionExceptionHandler {
    private static final int FRAMES = 14;
    private static final int MAX_CHARS = 24_000;

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (!(failure instanceof TimeoutException)) {
            throw failure;
        }
        throw new AssertionError(failure.getMessage() + "\n" + threads(), failure);
    }

    /** Vert.x and Stampede threads first, then the rest; idle ones (parked in a selector or a queue) last. */
    static String threads() {
        ThreadInfo[] infos = ManagementFactory.getThreadMXBean().dumpAllThreads(true, true);
        Arrays.sort(infos, Comparator.comparingInt(ThreadsAtTimeout::rank).thenComparing(ThreadInfo::getThreadName));
        StringBuilder out = new StringBuilder("threads at the timeout (busy first):\n");
        for (ThreadInfo info : infos) {
            if (out.length() > MAX_CHARS) {
                out.append("… (more threads left out)\n");
                break;
            }
            out.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
            if (info.getLockName() != null) {
                out.append(" on ").append(info.getLockName());
            }
            if (info.getLockOwnerName() != null) {
                out.append(" held by \"").append(info.getLockOwnerName()).append('"');
            }
            out.append('\n');
            StackTraceElement[] stack = info.getStackTrace();
            for (int i = 0; i < Math.min(FRAMES, stack.length); i++) {
                out.append("    at ").append(stack[i]).append('\n');
            }
        }
        return out.toString();
    }

    private static int rank(ThreadInfo info) {
        StackTraceElement[] stack = info.getStackTrace();
        boolean idle = stack.length == 0 || isIdle(stack[0]);
        boolean ours = info.getThreadName().startsWith("vert.x-") || info.getThreadName().contains("stampede");
        return (idle ? 2 : 0) + (ours ? 0 : 1);
    }

    /** Waiting for work: an event loop in its selector, a pool thread parked on its queue. */
    private static boolean isIdle(StackTraceElement top) {
        String where = top.getClassName() + "." + top.getMethodName();
        return where.contains("epollWait") || where.contains("EPoll.wait") || where.contains("Unsafe.park")
                || where.contains("Object.wait");
    }
}
