package io.stampede.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.stampede.json.JsonQuery;

/**
 * {@code json_path: { $.status: shipped, $.items: 3 }}: each path in the response body equals
 * its value. Numbers compare by value (3 equals 3.0); a path that finds nothing fails, unless
 * the value expected is {@code null} ({@code $.error: null}: no error, whether null or absent).
 */
public record JsonPathCheck(List<Expectation> expectations) implements Check {

    public record Expectation(JsonQuery path, Object expected) {
    }

    public static JsonPathCheck from(CheckArgument arg) {
        List<Expectation> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : arg.asMap().entrySet()) {
            out.add(new Expectation(JsonQuery.compile(e.getKey()), e.getValue()));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("expected at least one '$.path: value' pair");
        }
        return new JsonPathCheck(List.copyOf(out));
    }

    @Override
    public String kind() {
        return "json_path";
    }

    @Override
    public Optional<String> verify(Observation o) {
        if (o.json() == null) {
            String what = expectations.get(0).path() + " cannot be read";
            return Optional.of(o.truncation() != null ? o.truncation().explain(what)
                    : "response is not JSON, so " + what);
        }
        for (Expectation e : expectations) {
            Object actual = e.path().read(o.json());
            if (e.expected() == null) {
                if (actual != null) {
                    return Optional.of(e.path() + " is " + actual + ", expected null");
                }
                continue;
            }
            if (actual == null) {
                return Optional.of(e.path() + " not found in response");
            }
            if (!sameValue(actual, e.expected())) {
                return Optional.of(e.path() + " is " + actual + ", expected " + e.expected());
            }
        }
        return Optional.empty();
    }

    static boolean sameValue(Object actual, Object expected) {
        if (actual instanceof Number a && expected instanceof Number b) {
            return Double.compare(a.doubleValue(), b.doubleValue()) == 0;
        }
        if (expected instanceof String || actual instanceof String) {
            return String.valueOf(actual).equals(String.valueOf(expected));
        }
        return Objects.equals(actual, expected);
    }

    @Override
    public Reads reads() {
        return Reads.JSON;
    }

    @Override
    public String reason(String detail) {
        String cut = Truncation.reasonOf(detail);
        if (cut != null) {
            return cut;
        }
        for (Expectation e : expectations) {
            if (detail.startsWith(e.path() + " is ")) {
                return e.path() + " is not " + e.expected();
            }
        }
        return detail;
    }
}
