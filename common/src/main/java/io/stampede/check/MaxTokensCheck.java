package io.stampede.check;

import java.util.Optional;

/** {@code max_tokens: 500}: the reply used at most this many output tokens. */
public record MaxTokensCheck(long limit) implements Check {

    public static MaxTokensCheck from(CheckArgument arg) {
        long limit = arg.asLong();
        if (limit < 0) {
            throw new IllegalArgumentException("max_tokens must not be negative");
        }
        return new MaxTokensCheck(limit);
    }

    @Override
    public String kind() {
        return "max_tokens";
    }

    @Override
    public Optional<String> verify(Observation o) {
        long used = o.usage().outputTokens();
        return used <= limit ? Optional.empty() : Optional.of(used + " output tokens, over " + limit);
    }

    @Override
    public String reason(String detail) {
        return "output tokens over " + limit;
    }
}
