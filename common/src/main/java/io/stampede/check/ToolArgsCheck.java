package io.stampede.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.stampede.json.Json;

/**
 * {@code tool_args: { lookup_order: { order_id: "12345" } }}: each named tool was called at
 * least once with arguments that contain these. The match is partial: keys not written here
 * may have any value, nested mappings match the same way, lists must have the same length
 * and match item by item, and numbers compare by value (3 equals 3.0; "3" equals 3).
 */
public record ToolArgsCheck(Map<String, Map<String, Object>> expected) implements Check {

    @SuppressWarnings("unchecked")
    public static ToolArgsCheck from(CheckArgument arg) {
        Map<String, Map<String, Object>> expected = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : arg.asMap().entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> args)) {
                throw new IllegalArgumentException("the arguments of '" + e.getKey() + "' must be a mapping, e.g. "
                        + e.getKey() + ": { order_id: \"12345\" }");
            }
            expected.put(e.getKey(), (Map<String, Object>) args);
        }
        if (expected.isEmpty()) {
            throw new IllegalArgumentException("expected at least one 'tool: { arg: value }' entry");
        }
        return new ToolArgsCheck(Map.copyOf(expected));
    }

    @Override
    public String kind() {
        return "tool_args";
    }

    @Override
    public Optional<String> verify(Observation o) {
        for (Map.Entry<String, Map<String, Object>> e : expected.entrySet()) {
            List<Map<String, Object>> calls = new ArrayList<>();
            for (ToolCall call : o.toolsCalled()) {
                if (call.name().equals(e.getKey())) {
                    if (contains(call.args(), e.getValue())) {
                        calls = null;
                        break;
                    }
                    calls.add(call.args());
                }
            }
            if (calls == null) {
                continue;
            }
            if (calls.isEmpty()) {
                return Optional.of("tool " + e.getKey() + " not called (called: " + ToolsCalledCheck.names(o) + ")");
            }
            return Optional.of("tool " + e.getKey() + " called with " + excerpt(calls.get(0)) + ", expected "
                    + excerpt(e.getValue()));
        }
        return Optional.empty();
    }

    static boolean contains(Object actual, Object expected) {
        if (expected instanceof Map<?, ?> want) {
            if (!(actual instanceof Map<?, ?> have)) {
                return false;
            }
            for (Map.Entry<?, ?> e : want.entrySet()) {
                if (!have.containsKey(e.getKey()) || !contains(have.get(e.getKey()), e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (expected instanceof List<?> want) {
            if (!(actual instanceof List<?> have) || have.size() != want.size()) {
                return false;
            }
            for (int i = 0; i < want.size(); i++) {
                if (!contains(have.get(i), want.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (expected == null || actual == null) {
            return expected == actual;
        }
        if (expected instanceof Number && actual instanceof String s) {
            try {
                return JsonPathCheck.sameValue(Double.parseDouble(s), expected);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return JsonPathCheck.sameValue(actual, expected);
    }

    private static String excerpt(Object args) {
        String text = Json.text(args);
        return text.length() <= 120 ? text : text.substring(0, 120) + "…";
    }

    @Override
    public String reason(String detail) {
        int with = detail.indexOf(" called with ");
        return with < 0 ? Check.beforeValue(detail.replaceAll(" \\(called: .*\\)$", "")) : detail.substring(0, with) + " called with other arguments";
    }
}
