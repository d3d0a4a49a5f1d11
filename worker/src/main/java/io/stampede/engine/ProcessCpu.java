package io.stampede.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** How busy this process is: the share of all the machine's cores it used lately, 0 to 1, or -1 when the JVM cannot tell. */
final class ProcessCpu {
    private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();

    private ProcessCpu() {
    }

    static double load() {
        if (OS instanceof com.sun.management.OperatingSystemMXBean os) {
            double load = os.getProcessCpuLoad();
            return load < 0 ? -1 : Math.round(load * 1000) / 1000.0;
        }
        return -1;
    }
}
