package io.stampede.check;

import java.time.Duration;
import java.util.Optional;

/** {@code ttft: 800ms}: the first content token arrived within this time. */
public record TtftCheck(Duration limit) implements Check {

    public static TtftCheck from(CheckArgument arg) {
        return new TtftCheck(arg.asDuration());
    }

    @Override
    public String kind() {
        return "ttft";
    }

    @Override
    public Optional<String> verify(Observation o) {
        if (o.ttftMicros() < 0) {
            return Optional.of("no time to first token: the response was not streamed");
        }
        long limitMicros = limit.toNanos() / 1000;
        return o.ttftMicros() <= limitMicros
                ? Optional.empty()
                : Optional.of("time to first token " + Millis.format(o.ttftMicros()) + " over " + Millis.format(limitMicros));
    }

    @Override
    public String reason(String detail) {
        return detail.startsWith("no time") ? detail : "time to first token over " + Millis.format(limit.toNanos() / 1000);
    }
}
