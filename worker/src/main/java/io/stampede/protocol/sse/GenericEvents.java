package io.stampede.protocol.sse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.stampede.json.Json;
import io.stampede.json.JsonQuery;
import io.stampede.protocol.ResponseFields;
import io.stampede.check.ToolCall;
import io.stampede.scenario.StreamMapping;

/**
 * Events of any agent's own stream, read with the JSON paths of {@code target.stream}: each
 * event's data is parsed once and every path that finds something there says what the event
 * carries (a text delta, reasoning, complete tool calls, usage, a finish reason, an error, the
 * agent's intent, trace entries, a conversation id). Data that is not JSON is a text delta, so
 * plain-text token streams work too. Used for SSE events and for WebSocket frames alike.
 */
public final class GenericEvents implements EventReader {
    private final StreamMapping mapping;
    private final String terminal;

    /** @param sse whether events come from SSE (where {@code done_event} applies) or are WebSocket frames */
    public GenericEvents(StreamMapping mapping, boolean sse) {
        this.mapping = mapping;
        List<String> ends = new ArrayList<>(3);
        if (mapping.doneData() != null) {
            ends.add("data: " + mapping.doneData());
        }
        if (sse && mapping.doneEvent() != null) {
            ends.add("event: " + mapping.doneEvent());
        }
        if (mapping.donePath() != null) {
            ends.add(mapping.donePath() + " in an event");
        }
        this.terminal = ends.isEmpty() ? "the end of the stream" : String.join(" or ", ends);
    }

    @Override
    public void onEvent(String event, byte[] data, long nanos, StreamTurn turn) {
        String text = new String(data, StandardCharsets.UTF_8);
        if (mapping.doneData() != null && text.equals(mapping.doneData())) {
            turn.done(nanos);
            return;
        }
        String trimmed = text.stripLeading();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            Object json;
            try {
                json = Json.parse(data);
            } catch (IllegalArgumentException e) {
                turn.fail("an event is not valid JSON: " + JsonEvents.excerpt(data));
                return;
            }
            read(json, nanos, turn);
        } else if (!text.isEmpty() && (event == null || !event.equals(mapping.doneEvent()))) {
            turn.content(text, nanos);
        }
        if (!turn.failed() && mapping.doneEvent() != null && mapping.doneEvent().equals(event)) {
            turn.done(nanos);
        }
    }

    private void read(Object json, long nanos, StreamTurn turn) {
        Object error = value(mapping.error(), json);
        if (error != null && !Boolean.FALSE.equals(error) && !"".equals(error)) {
            turn.fail("error event in the stream: " + io.stampede.protocol.sse.ModelDrivers.errorText(error));
            return;
        }
        turn.reasoning(text(value(mapping.reasoning(), json)), nanos);
        turn.content(text(value(mapping.delta(), json)), nanos);
        Object tools = value(mapping.toolCalls(), json);
        if (tools != null) {
            for (ToolCall call : ResponseFields.tools(tools)) {
                Object key = new Object();
                turn.tool(key, nanos).name(call.name()).parsedArguments(call.args());
                turn.toolDelta(nanos);
                turn.toolDone(key, nanos);
            }
        }
        Object usage = value(mapping.usage(), json);
        if (usage != null) {
            turn.usage(ResponseFields.usage(usage));
        }
        turn.finishReason(text(value(mapping.finishReason(), json)));
        turn.intent(text(value(mapping.intent(), json)));
        turn.conversationId(text(value(mapping.conversationId(), json)));
        Object trace = value(mapping.trace(), json);
        if (trace != null) {
            traceEntries(turn).addAll(trace instanceof List<?> list ? list : List.of(trace));
            turn.agentTrace(traceEntries(turn));
        }
        Object done = value(mapping.donePath(), json);
        if (done != null && !Boolean.FALSE.equals(done)) {
            turn.done(nanos);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> traceEntries(StreamTurn turn) {
        return (List<Object>) turn.scratch(GenericEvents.class, () -> new ArrayList<>());
    }

    private static Object value(JsonQuery path, Object json) {
        return path == null ? null : path.read(json);
    }

    private static String text(Object value) {
        if (value == null || value instanceof Map || value instanceof List) {
            return null;
        }
        return String.valueOf(value);
    }

    @Override
    public String terminal() {
        return terminal;
    }

    @Override
    public boolean requiresTerminal() {
        return mapping.requireDone();
    }
}
