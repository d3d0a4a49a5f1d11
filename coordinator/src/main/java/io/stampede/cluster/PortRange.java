package io.stampede.cluster;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Whether a run's connections crowd the local ports of their machine. Each connection to one
 * target address takes a local port of its source address, and Linux gives each address 28,232
 * by default (32768–60999); long before a range is full, the kernel's search for a free port
 * makes every connect slow, on every process of the machine. Measured here: 200,000 users on 8
 * source addresses (89 % of each range) stalled the workers for seconds, one after the other,
 * until they were taken for lost; on 32 addresses (22 %) the same run reconciled exactly.
 */
public final class PortRange {
    /** Linux's default {@code net.ipv4.ip_local_port_range}. */
    static final int LOCAL_PORTS = 28_232;
    /** Beyond this share of a range, connects slow down. */
    static final double CROWDED = 0.5;

    private PortRange() {
    }

    /**
     * A sentence for the run's notes when the users of a machine would hold more than half of
     * the local ports of each source address, or empty.
     *
     * @param usersByHost the users the run puts on each worker machine
     * @param sources     {@code target.source_addresses} (empty: one address, the system's choice)
     */
    public static Optional<String> crowded(Map<String, Integer> usersByHost, List<String> sources) {
        int addresses = Math.max(1, sources.size());
        return new TreeMap<>(usersByHost).entrySet().stream()
                .filter(e -> (double) e.getValue() / addresses > CROWDED * LOCAL_PORTS)
                .findFirst()
                .map(e -> {
                    int perAddress = e.getValue() / addresses;
                    int needed = (int) Math.ceil(e.getValue() / (CROWDED * LOCAL_PORTS / 2));
                    return String.format("%,d users on %s leave from %d source address%s: about %,d connections each, %d%% of"
                                    + " the %,d local ports Linux gives an address by default, and connects slow down as a range"
                                    + " fills (every process of the machine stalls): list about %d addresses in"
                                    + " target.source_addresses (127.0.0.2..127.0.0.%d on loopback)",
                            e.getValue(), e.getKey(), addresses, addresses == 1 ? "" : "es", perAddress,
                            Math.round(100.0 * perAddress / LOCAL_PORTS), LOCAL_PORTS, needed, needed + 1);
                });
    }
}
