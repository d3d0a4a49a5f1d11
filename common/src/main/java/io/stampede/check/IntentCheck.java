package io.stampede.check;

import java.util.List;
import java.util.Optional;

/** {@code intent: refund} (or a list of acceptable intents): the agent detected this intent. */
public record IntentCheck(List<String> accepted) implements Check {

    public static IntentCheck from(CheckArgument arg) {
        return new IntentCheck(arg.asStringList());
    }

    @Override
    public String kind() {
        return "intent";
    }

    @Override
    public Optional<String> verify(Observation o) {
        if (o.intent() == null) {
            return Optional.of("response has no intent (expected " + String.join(" or ", accepted) + ")");
        }
        return accepted.contains(o.intent())
                ? Optional.empty()
                : Optional.of("intent " + o.intent() + ", expected " + String.join(" or ", accepted));
    }
}
