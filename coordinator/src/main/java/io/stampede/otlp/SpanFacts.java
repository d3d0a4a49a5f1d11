package io.stampede.otlp;

import java.util.List;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;

/**
 * The few attributes of a span that the conventions give a meaning, read in one pass over its
 * attribute list (GenAI semantic conventions first, OpenInference's and older spellings as
 * fallbacks). Other attributes, prompts and completions included, are never decoded.
 */
final class SpanFacts {
    String operation;      // gen_ai.operation.name
    String openInference;  // openinference.span.kind
    String dbSystem;       // db.system.name, db.system
    String tool;           // gen_ai.tool.name, tool.name
    String model;          // gen_ai.response.model, gen_ai.request.model, llm.model_name
    String agent;          // gen_ai.agent.name
    String errorType;      // error.type
    long inputTokens;      // gen_ai.usage.input_tokens, gen_ai.usage.prompt_tokens, llm.token_count.prompt
    long outputTokens;     // gen_ai.usage.output_tokens, gen_ai.usage.completion_tokens, llm.token_count.completion
    private boolean responseModel;

    static SpanFacts of(List<KeyValue> attributes) {
        SpanFacts f = new SpanFacts();
        for (int i = 0; i < attributes.size(); i++) {
            KeyValue kv = attributes.get(i);
            f.read(kv.getKey(), kv.getValue());
        }
        return f;
    }

    private void read(String key, AnyValue value) {
        switch (key) {
            case "gen_ai.operation.name" -> operation = text(value);
            case "openinference.span.kind" -> openInference = text(value);
            case "db.system.name", "db.system" -> dbSystem = text(value);
            case "gen_ai.tool.name", "tool.name" -> tool = text(value);
            case "gen_ai.response.model" -> {
                model = text(value);
                responseModel = true;
            }
            case "gen_ai.request.model", "llm.model_name" -> {
                if (!responseModel) {
                    model = text(value);
                }
            }
            case "gen_ai.agent.name" -> agent = text(value);
            case "error.type" -> errorType = text(value);
            case "gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens", "llm.token_count.prompt" ->
                    inputTokens = number(value);
            case "gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens", "llm.token_count.completion" ->
                    outputTokens = number(value);
            default -> {
            }
        }
    }

    /** A scalar as text: what conditions compare; null for arrays, maps, bytes and empty values. */
    static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            default -> null;
        };
    }

    private static long number(AnyValue value) {
        long n = switch (value.getValueCase()) {
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> (long) value.getDoubleValue();
            case STRING_VALUE -> parse(value.getStringValue());
            default -> 0;
        };
        return Math.max(0, n);
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
