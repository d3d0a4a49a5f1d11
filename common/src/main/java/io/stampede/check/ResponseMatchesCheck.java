package io.stampede.check;

import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code response_matches: "步骤\\s*1"}: a regular expression found somewhere in the reply. */
public record ResponseMatchesCheck(Pattern pattern) implements Check {

    public static ResponseMatchesCheck from(CheckArgument arg) {
        String regex = arg.asString();
        try {
            return new ResponseMatchesCheck(Pattern.compile(regex, Pattern.DOTALL));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("'" + regex + "' is not a valid regular expression: " + e.getDescription());
        }
    }

    @Override
    public String kind() {
        return "response_matches";
    }

    @Override
    public Optional<String> verify(Observation o) {
        String reply = Replies.textOf(o);
        if (pattern.matcher(reply).find()) {
            return Optional.empty();
        }
        String what = "reply does not match /" + pattern.pattern() + "/";
        return Optional.of(o.truncation() != null ? o.truncation().explain(what)
                : what + ": " + Replies.excerpt(reply));
    }

    @Override
    public Reads reads() {
        return Reads.TEXT;
    }

    @Override
    public String reason(String detail) {
        String cut = Truncation.reasonOf(detail);
        if (cut != null) {
            return cut;
        }
        int excerpt = detail.lastIndexOf("/: ");
        return excerpt < 0 ? detail : detail.substring(0, excerpt + 1);
    }
}
