package io.stampede.check;

import java.util.Optional;

/** {@code tool_called: get_refund_policy}: the agent called this tool during the turn. */
public record ToolCalledCheck(String tool) implements Check {

    public static ToolCalledCheck from(CheckArgument arg) {
        return new ToolCalledCheck(arg.asString());
    }

    @Override
    public String kind() {
        return "tool_called";
    }

    @Override
    public Optional<String> verify(Observation o) {
        boolean called = o.toolsCalled().stream().anyMatch(t -> t.name().equals(tool));
        return called ? Optional.empty() : Optional.of("tool " + tool + " not called (called: " + ToolsCalledCheck.names(o) + ")");
    }

    @Override
    public String reason(String detail) {
        return "tool " + tool + " not called";
    }
}
