package io.stampede.check;

import java.util.Map;

/** A tool the agent called during a turn, with its arguments when the response shows them. */
public record ToolCall(String name, Map<String, Object> args) {
    public ToolCall {
        args = args == null ? Map.of() : args;
    }
}
