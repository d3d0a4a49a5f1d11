package io.stampede.check;

import java.util.List;
import java.util.Optional;

/** {@code finish_reason: stop} (or a list): generation ended for this reason. */
public record FinishReasonCheck(List<String> accepted) implements Check {

    public static FinishReasonCheck from(CheckArgument arg) {
        return new FinishReasonCheck(arg.asStringList());
    }

    @Override
    public String kind() {
        return "finish_reason";
    }

    @Override
    public Optional<String> verify(Observation o) {
        if (o.finishReason() == null) {
            return Optional.of("response has no finish reason (expected " + String.join(" or ", accepted) + ")");
        }
        return accepted.contains(o.finishReason())
                ? Optional.empty()
                : Optional.of("finish reason " + o.finishReason() + ", expected " + String.join(" or ", accepted));
    }
}
