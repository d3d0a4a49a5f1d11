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
                String what = "reply does not contain \"" + text + "\"";
                return Optional.of(o.truncation() != null ? o.truncation().explain(what)
                        : what + ": " + Replies.excerpt(reply));
            }
        }
        return Optional.empty();
    }

    @Override
    public Reads reads() {
        return Reads.TEXT;
    }

    @Override
    public String reason(String detail) {
        String cut = Truncation.reasonOf(detail);
        return cut != null ? cut : Check.beforeValue(detail);
    }
}
