package io.stampede.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.stampede.check.ToolCall;
import io.stampede.check.Usage;
import io.stampede.json.Json;

/**
 * Reads the common parts of agent responses whatever their dialect: tool calls (names, or
 * objects with name/args, or OpenAI's {@code {function: {name, arguments}}}) and usage blocks
 * ({@code input_tokens/output_tokens} or {@code prompt_tokens/completion_tokens}, or the AI
 * SDK's camelCase {@code inputTokens/outputTokens}, with reasoning and cached tokens kept apart).
 */
public final class ResponseFields {
    private ResponseFields() {
    }

    public static List<ToolCall> tools(Object value) {
        if (value == null) {
            return List.of();
        }
        List<?> list = value instanceof List<?> l ? l : List.of(value);
        List<ToolCall> tools = new ArrayList<>(list.size());
        for (Object item : list) {
            if (item instanceof String name) {
                tools.add(new ToolCall(name, Map.of()));
            } else if (item instanceof Map<?, ?> map) {
                Map<?, ?> fn = map.get("function") instanceof Map<?, ?> f ? f : map;
                Object name = fn.get("name");
                if (name != null) {
                    tools.add(new ToolCall(String.valueOf(name), arguments(first(fn, "args", "arguments", "input"))));
                }
            }
        }
        return tools;
    }

    /** Tool arguments given as an object or as JSON text (OpenAI's {@code arguments}); empty when neither. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> arguments(Object value) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        if (value instanceof String s && !s.isBlank()) {
            try {
                Object parsed = Json.parse(s);
                return parsed instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            } catch (IllegalArgumentException e) {
                return Map.of();
            }
        }
        return Map.of();
    }

    /** The usage block, or null when absent. */
    public static Usage usage(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return null;
        }
        long input = number(first(map, "input_tokens", "prompt_tokens", "inputTokens", "promptTokens"));
        long output = number(first(map, "output_tokens", "completion_tokens", "outputTokens", "completionTokens"));
        long reasoning = number(first(map, "reasoning_tokens", "reasoningTokens"));
        if (map.get("completion_tokens_details") instanceof Map<?, ?> d) {
            reasoning = Math.max(reasoning, number(d.get("reasoning_tokens")));
        }
        if (map.get("output_tokens_details") instanceof Map<?, ?> d) {
            reasoning = Math.max(reasoning, number(d.get("reasoning_tokens")));
        }
        long cached = number(first(map, "cached_tokens", "cache_read_input_tokens", "cachedInputTokens"));
        if (map.get("prompt_tokens_details") instanceof Map<?, ?> d) {
            cached = Math.max(cached, number(d.get("cached_tokens")));
        }
        if (map.get("input_tokens_details") instanceof Map<?, ?> d) {
            cached = Math.max(cached, number(d.get("cached_tokens")));
        }
        return new Usage(input, output, reasoning, cached, true);
    }

    private static Object first(Map<?, ?> map, String... names) {
        for (String n : names) {
            if (map.get(n) != null) {
                return map.get(n);
            }
        }
        return null;
    }

    private static long number(Object value) {
        return value instanceof Number n ? Math.max(0, n.longValue()) : 0;
    }
}
