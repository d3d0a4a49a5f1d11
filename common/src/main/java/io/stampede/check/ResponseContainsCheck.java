package io.stampede.check;

import java.util.List;
import java.util.Optional;

/** {@code response_contains: ["退款", "步骤"]}: the reply holds every one of the texts. */
public record ResponseContainsCheck(List<String> texts) implements Check {

    public static ResponseContainsCheck from(CheckArgument arg) {
        return new ResponseContainsCheck(arg.asStringList());
    }

    @Override
    public String kind() {
        return "response_contains";
    }

    @Override
    public Optional<String> verify(Observation o) {
        String reply = Replies.textOf(o);
        for (String text : texts) {
            if (!reply.contains(text)) {
                return Optional.of("reply does not contain \"" + text + "\": " + Replies.excerpt(reply));
            }
        }
        return Optional.empty();
    }

    @Override
    public String reason(String detail) {
        return Check.beforeValue(detail);
    }
}
