package io.stampede.otlp;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.stampede.scenario.SpanMapping;

/**
 * Which node of the agent's pipeline a span is, or null when it is none (an HTTP server span,
 * a framework's inner workings). The scenario's {@code target.spans} rules come first, in the
 * order written; then the conventions agents really emit, out of the box:
 *
 * <ul>
 * <li>OpenInference's {@code openinference.span.kind} (Arize/Phoenix instrumentations): LLM,
 *     TOOL, RETRIEVER, EMBEDDING, RERANKER, AGENT, CHAIN, GUARDRAIL, EVALUATOR, PROMPT;</li>
 * <li>the OpenTelemetry GenAI conventions' {@code gen_ai.operation.name}: chat,
 *     text_completion, generate_content, execute_tool, invoke_agent, create_agent, embeddings,
 *     retrieval;</li>
 * <li>database spans ({@code db.system.name}): vector stores are {@code rag}, others {@code database}.</li>
 * </ul>
 *
 * OpenInference is asked first because its kind is the one an OpenInference span is about,
 * while such spans may also carry GenAI attributes copied from the model call inside.
 */
final class NodeKinds {
    private static final Map<String, String> OPEN_INFERENCE = Map.of(
            "LLM", "llm_call", "TOOL", "tool_call", "RETRIEVER", "rag", "EMBEDDING", "embedding", "RERANKER", "rerank",
            "AGENT", "agent", "CHAIN", "chain", "GUARDRAIL", "guardrail", "EVALUATOR", "evaluator", "PROMPT", "prompt");
    private static final Map<String, String> GEN_AI = Map.of(
            "chat", "llm_call", "text_completion", "llm_call", "generate_content", "llm_call", "execute_tool", "tool_call",
            "invoke_agent", "agent", "create_agent", "agent", "embeddings", "embedding", "retrieval", "rag");
    private static final Set<String> VECTOR_STORES = Set.of("chroma", "chromadb", "pinecone", "qdrant", "weaviate",
            "milvus", "lancedb", "marqo", "pgvector", "vespa", "faiss");

    private NodeKinds() {
    }

    static String kind(Span span, List<KeyValue> resource, SpanFacts facts, SpanMapping mapping) {
        for (SpanMapping.Rule rule : mapping.rules()) {
            if (holds(rule, span, resource)) {
                return rule.node();
            }
        }
        if (facts.openInference != null) {
            String kind = OPEN_INFERENCE.get(facts.openInference.toUpperCase(Locale.ROOT));
            if (kind != null) {
                return kind;
            }
        }
        if (facts.operation != null) {
            String kind = GEN_AI.get(facts.operation);
            if (kind != null) {
                return kind;
            }
        }
        if (facts.dbSystem != null) {
            return VECTOR_STORES.contains(facts.dbSystem.toLowerCase(Locale.ROOT)) ? "rag" : "database";
        }
        return null;
    }

    /** What a node event calls this execution: the tool, the model, the agent, else the span's name. */
    static String name(String kind, Span span, SpanFacts facts) {
        String name = switch (kind) {
            case "tool_call" -> facts.tool;
            case "llm_call", "embedding" -> facts.model;
            case "agent" -> facts.agent;
            default -> null;
        };
        return name == null || name.isEmpty() ? span.getName() : name;
    }

    private static boolean holds(SpanMapping.Rule rule, Span span, List<KeyValue> resource) {
        for (SpanMapping.Condition c : rule.conditions()) {
            String value = field(c.field(), span, resource);
            boolean ok = switch (c.op()) {
                case EXISTS -> value != null;
                case EQUALS -> c.value().equals(value);
                case NOT_EQUALS -> !c.value().equals(value);
                case MATCHES -> value != null && c.pattern().matcher(value).find();
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String field(String field, Span span, List<KeyValue> resource) {
        if (field.equals("name")) {
            return span.getName();
        }
        if (field.equals("kind")) {
            return spanKind(span);
        }
        String value = attribute(span.getAttributesList(), field);
        return value != null ? value : attribute(resource, field);
    }

    private static String attribute(List<KeyValue> attributes, String key) {
        for (int i = 0; i < attributes.size(); i++) {
            KeyValue kv = attributes.get(i);
            if (kv.getKey().equals(key)) {
                return SpanFacts.text(kv.getValue());
            }
        }
        return null;
    }

    private static String spanKind(Span span) {
        return switch (span.getKind()) {
            case SPAN_KIND_SERVER -> "server";
            case SPAN_KIND_CLIENT -> "client";
            case SPAN_KIND_PRODUCER -> "producer";
            case SPAN_KIND_CONSUMER -> "consumer";
            case SPAN_KIND_INTERNAL -> "internal";
            default -> "unspecified";
        };
    }
}
