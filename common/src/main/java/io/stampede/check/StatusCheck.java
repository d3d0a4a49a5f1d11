package io.stampede.check;

import java.util.List;
import java.util.Optional;

/** {@code status: 200}, {@code status: [200, 201]} or {@code status: 2xx}. */
public record StatusCheck(List<String> accepted) implements Check {

    public static StatusCheck from(CheckArgument arg) {
        List<String> accepted = arg.asStringList();
        for (String s : accepted) {
            if (!s.matches("[1-5](\\d\\d|xx)")) {
                throw new IllegalArgumentException("'" + s + "' is not an HTTP status: write e.g. 200, [200, 201] or 2xx");
            }
        }
        return new StatusCheck(accepted);
    }

    @Override
    public String kind() {
        return "status";
    }

    @Override
    public Optional<String> verify(Observation o) {
        String actual = String.valueOf(o.status());
        for (String s : accepted) {
            if (s.equals(actual) || (s.endsWith("xx") && actual.length() == 3 && actual.charAt(0) == s.charAt(0))) {
                return Optional.empty();
            }
        }
        return Optional.of("status " + o.status() + ", expected " + String.join(" or ", accepted));
    }
}
