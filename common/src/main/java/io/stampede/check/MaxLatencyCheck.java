package io.stampede.check;

import java.time.Duration;
import java.util.Optional;

/** {@code max_latency: 3s}: the step's latency (from the intended send time) is at most this. */
public record MaxLatencyCheck(Duration limit) implements Check {

    public static MaxLatencyCheck from(CheckArgument arg) {
        return new MaxLatencyCheck(arg.asDuration());
    }

    @Override
    public String kind() {
        return "max_latency";
    }

    @Override
    public Optional<String> verify(Observation o) {
        long limitMicros = limit.toNanos() / 1000;
        return o.latencyMicros() <= limitMicros
                ? Optional.empty()
                : Optional.of("latency " + Millis.format(o.latencyMicros()) + " over " + Millis.format(limitMicros));
    }

    @Override
    public String reason(String detail) {
        return "latency over " + Millis.format(limit.toNanos() / 1000);
    }
}
