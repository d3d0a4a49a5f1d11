package io.stampede.protocol.openai;

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
import io.stampede.protocol.UserSession;
import io.stampede.protocol.sse.StreamExchange;
import io.stampede.scenario.SendStep;
import io.stampede.scenario.Target;
import io.stampede.trace.TraceReader;
import io.vertx.core.Future;

/**
 * The {@code openai} protocol: OpenAI chat completions ({@code POST /v1/chat/completions}).
 * Each turn sends the user's whole conversation as {@code messages}, with {@code model} from
 * {@code target.model}; streamed turns ask for {@code stream_options.include_usage} so the
 * server reports tokens. {@code target.request.body} adds fields (temperature, tools…) and
 * may override these. Not streamed ({@code target.request.stream: false}), the answer is one
 * {@code chat.completion} object.
 */
public final class OpenAiChatDriver implements ProtocolDriver {
    private final StreamExchange exchange;
    private final Target target;
    private final Map<String, String> headers;

    public OpenAiChatDriver(StreamExchange exchange, Target target) {
        this.exchange = exchange;
        this.target = target;
        this.headers = ModelDrivers.requestHeaders(target, Map.of());
    }

    @Override
    public Future<AgentResponse> send(UserSession session, SendStep step, String message) {
        ChatTurn chat = new ChatTurn(session, message);
        Map<String, Object> fields = ModelDrivers.fieldsWithModel(target);
        fields.put("messages", chat.messages());
        fields.put("stream", target.streaming());
        if (session.maxTokens() > 0) {
            fields.put("max_tokens", session.maxTokens());
        }
        if (target.streaming()) {
            fields.put("stream_options", Map.of("include_usage", true));
        }
        return ModelDrivers.send(exchange, session, target, chat, fields, headers, ChatCompletionEvents.INSTANCE,
                OpenAiChatDriver::completion);
    }

    /**
     * A {@code chat.completion} object: the reply of choice 0, its tool calls, finish reason and
     * usage (none when the server reported none: the turn's tokens are then counted).
     */
    static AgentResponse completion(int status, String text, Object json, long endNanos) {
        if (!(json instanceof Map<?, ?> root) || !(root.get("choices") instanceof List<?> choices) || choices.isEmpty()
                || !(choices.get(0) instanceof Map<?, ?> choice) || !(choice.get("message") instanceof Map<?, ?> message)) {
            return new AgentResponse(status, text, json, null, null, List.of(), Usage.NONE, null, List.of(), null, -1,
                    endNanos, "not a chat completion: no choices[0].message in the answer");
        }
        String reply = message.get("content") instanceof String s ? s : "";
        List<ToolCall> tools = new ArrayList<>(ResponseFields.tools(message.get("tool_calls")));
        for (ToolCall t : ResponseFields.tools(root.get("tools_called"))) {
            if (!tools.contains(t)) {
                tools.add(t);
            }
        }
        Usage usage = ResponseFields.usage(root.get("usage"));
        String finish = choice.get("finish_reason") instanceof String f ? f : null;
        String intent = root.get("intent") instanceof String i ? i : null;
        return new AgentResponse(status, text, json, reply, intent, tools, usage, finish, TraceReader.read(root.get("trace")),
                null, -1, endNanos, null);
    }
}
