package io.stampede.limits;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

import com.sun.management.UnixOperatingSystemMXBean;

/**
 * How many users this process can hold by its file limit: every user owns one socket, so a
 * worker with a limit of 20,000 open files (many machines and containers have that hard limit,
 * which even root cannot raise) holds at most about 19,500 users; the rest is kept for the
 * process itself (jars, event loops, the cluster's connections, logs). The JVM raises its soft
 * limit to the hard one at start on Linux ({@code -XX:+MaxFDLimit}, the default), and the
 * launcher and the image do the same for any other JVM, so the limit read here is the hard one.
 *
 * <p>Stateless; the limit is read from the operating system each time.
 */
public final class FileLimit {
    /** Descriptors kept for the process itself: enough for a cluster of a few hundred members. */
    public static final int RESERVED = 500;

    private FileLimit() {
    }

    /** The most files this process may have open (its soft limit), or -1 when the platform does not say. */
    public static long max() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : -1;
    }

    /** The files this process has open now, or -1 when the platform does not say. */
    public static long open() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof UnixOperatingSystemMXBean unix ? unix.getOpenFileDescriptorCount() : -1;
    }

    /** The users a process with a limit of {@code maxFiles} holds (-1: unknown, no bound). */
    public static int usersAllowed(long maxFiles) {
        return maxFiles < 0 ? Integer.MAX_VALUE : (int) Math.max(0, Math.min(Integer.MAX_VALUE, maxFiles - RESERVED));
    }

    /** The users this process holds by its file limit. */
    public static int usersAllowed() {
        return usersAllowed(max());
    }
}
