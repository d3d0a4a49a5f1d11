package io.stampede.protocol.responses;

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
 * The {@code openai-responses} protocol: OpenAI's Responses API ({@code POST /v1/responses}).
 * Each turn sends the conversation as {@code input} (role/content messages) with
 * {@code model}; streamed by default, else one {@code response} object whose {@code output}
 * items are read the same way.
 */
public final class ResponsesDriver implements ProtocolDriver {
    private final StreamExchange exchange;
    private final Target target;
    private final Map<String, String> headers;

    public ResponsesDriver(StreamExchange exchange, Target target) {
        this.exchange = exchange;
        this.target = target;
        this.headers = ModelDrivers.requestHeaders(target, Map.of());
    }

    @Override
    public Future<AgentResponse> send(UserSession session, SendStep step, String message) {
        ChatTurn chat = new ChatTurn(session, message);
        Map<String, Object> fields = ModelDrivers.fieldsWithModel(target);
        fields.put("input", chat.messages());
        fields.put("stream", target.streaming());
        if (session.maxTokens() > 0) {
            fields.put("max_output_tokens", session.maxTokens());
        }
        return ModelDrivers.send(exchange, session, target, chat, fields, headers, ResponsesEvents.INSTANCE,
                ResponsesDriver::response);
    }

    /** A {@code response} object: text of its message items, its function calls, status and usage. */
    static AgentResponse response(int status, String text, Object json, long endNanos) {
        if (!(json instanceof Map<?, ?> root) || !(root.get("output") instanceof List<?> output)) {
            return new AgentResponse(status, text, json, null, null, List.of(), Usage.NONE, null, List.of(), null, -1,
                    endNanos, "not a Responses API answer: no output in it");
        }
        StringBuilder reply = new StringBuilder();
        List<ToolCall> tools = new ArrayList<>();
        List<TraceNode> nodes = new ArrayList<>();
        for (Object o : output) {
            if (!(o instanceof Map<?, ?> item)) {
                continue;
            }
            String type = String.valueOf(item.get("type"));
            if (type.equals("message") && item.get("content") instanceof List<?> parts) {
                for (Object p : parts) {
                    if (p instanceof Map<?, ?> part && part.get("text") instanceof String t) {
                        reply.append(t);
                    }
                }
                nodes.add(new TraceNode("text", "message", true, 0, 0, null));
            } else if (type.equals("reasoning")) {
                nodes.add(new TraceNode("reasoning", "reasoning", true, 0, 0, null));
            } else {
                String name = item.get("name") instanceof String n ? n : type;
                tools.add(new ToolCall(name, ResponseFields.arguments(item.get("arguments"))));
                boolean ok = !"failed".equals(item.get("status"));
                nodes.add(new TraceNode("tool_call", name, ok, 0, 0, ok ? null : type + " failed"));
            }
        }
        Usage usage = ResponseFields.usage(root.get("usage"));
        String finish = root.get("status") instanceof String s ? s : null;
        if ("incomplete".equals(finish) && root.get("incomplete_details") instanceof Map<?, ?> d && d.get("reason") instanceof String r) {
            finish = r;
        }
        String error = "failed".equals(finish) ? "the response failed: " + ModelDrivers.errorText(root.get("error")) : null;
        return new AgentResponse(status, text, json, reply.toString(), null, tools, usage, finish, nodes, null, -1, endNanos,
                error);
    }
}
