package io.stampede.protocol.anthropic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.stampede.check.ToolCall;
import io.stampede.check.Usage;
import io.stampede.protocol.AgentResponse;
import io.stampede.protocol.ChatTurn;
import io.stampede.protocol.sse.ModelDrivers;
import io.stampede.protocol.ProtocolDriver;
import io.stampede.protocol.ResponseFields;
import io.stampede.trace.TraceNode;
import io.stampede.protocol.UserSession;
import io.stampede.protocol.sse.StreamExchange;
import io.stampede.scenario.SendStep;
import io.stampede.scenario.Target;
import io.vertx.core.Future;

/**
 * The {@code anthropic} protocol: Anthropic's Messages API ({@code POST /v1/messages}). Each
 * turn sends the conversation as {@code messages} with {@code model} and {@code max_tokens}
 * (1024 unless the body says otherwise; the API requires it), and the
 * {@code anthropic-version} header unless {@code target.headers} sets it. Streamed by default.
 */
public final class AnthropicDriver implements ProtocolDriver {
    static final int DEFAULT_MAX_TOKENS = 1024;
    static final String API_VERSION = "2023-06-01";

    private final StreamExchange exchange;
    private final Target target;
    private final Map<String, String> headers;

    public AnthropicDriver(StreamExchange exchange, Target target) {
        this.exchange = exchange;
        this.target = target;
        boolean versionGiven = target.headers().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("anthropic-version"));
        this.headers = ModelDrivers.requestHeaders(target, versionGiven ? Map.of() : Map.of("anthropic-version", API_VERSION));
    }

    @Override
    public Future<AgentResponse> send(UserSession session, SendStep step, String message) {
        ChatTurn chat = new ChatTurn(session, message);
        Map<String, Object> fields = ModelDrivers.fieldsWithModel(target);
        fields.put("max_tokens", session.maxTokens() > 0 ? session.maxTokens() : DEFAULT_MAX_TOKENS);
        fields.put("messages", chat.messages());
        fields.put("stream", target.streaming());
        return ModelDrivers.send(exchange, session, target, chat, fields, headers, AnthropicEvents.INSTANCE,
                AnthropicDriver::message);
    }

    /** A {@code message} object: its text blocks, tool_use blocks, stop reason and usage (when it has some). */
    static AgentResponse message(int status, String text, Object json, long endNanos) {
        if (!(json instanceof Map<?, ?> root) || !(root.get("content") instanceof List<?> content)) {
            return new AgentResponse(status, text, json, null, null, List.of(), Usage.NONE, null, List.of(), null, -1,
                    endNanos, "not a Messages API answer: no content in it");
        }
        StringBuilder reply = new StringBuilder();
        List<ToolCall> tools = new ArrayList<>();
        List<TraceNode> nodes = new ArrayList<>();
        for (Object o : content) {
            if (!(o instanceof Map<?, ?> block)) {
                continue;
            }
            String type = String.valueOf(block.get("type"));
            if (type.equals("text")) {
                reply.append(block.get("text") instanceof String t ? t : "");
                nodes.add(new TraceNode("text", "text", true, 0, 0, null));
            } else if (type.contains("thinking")) {
                nodes.add(new TraceNode("reasoning", type, true, 0, 0, null));
            } else if (type.endsWith("tool_use")) {
                String name = block.get("name") instanceof String n ? n : type;
                tools.add(new ToolCall(name, ResponseFields.arguments(block.get("input"))));
                nodes.add(new TraceNode("tool_call", name, true, 0, 0, null));
            }
        }
        Usage usage = null;
        if (root.get("usage") instanceof Map<?, ?> u) {
            long read = number(u.get("cache_read_input_tokens"));
            usage = new Usage(number(u.get("input_tokens")) + read + number(u.get("cache_creation_input_tokens")),
                    number(u.get("output_tokens")), 0, read, true);
        }
        String finish = root.get("stop_reason") instanceof String s ? s : null;
        return new AgentResponse(status, text, json, reply.toString(), null, tools, usage, finish, nodes, null, -1, endNanos,
                null);
    }

    private static long number(Object v) {
        return v instanceof Number n ? Math.max(0, n.longValue()) : 0;
    }
}
