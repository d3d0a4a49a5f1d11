package io.stampede.protocol.vercel;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.stampede.protocol.ResponseFields;
import io.stampede.protocol.sse.EventReader;
import io.stampede.protocol.sse.JsonEvents;
import io.stampede.protocol.sse.StreamTurn;

/**
 * The Vercel AI SDK UI message stream (what {@code toUIMessageStreamResponse()} sends to
 * {@code useChat}): SSE events whose data is a part with a {@code type}. Text comes in
 * {@code text-delta}, reasoning in {@code reasoning-delta}; tools as {@code tool-input-start},
 * {@code tool-input-delta}, {@code tool-input-available} and then {@code tool-output-available}
 * or {@code tool-output-error} (a tool node is timed from its input's start to its output, so it
 * includes running the tool); {@code start-step}/{@code finish-step} frame each model call (a
 * {@code step} node). {@code finish} ends the message ({@code data: [DONE]} follows);
 * {@code error} and {@code abort} fail the turn. Usage is read from {@code messageMetadata.usage}
 * when the server adds it (the protocol itself carries none).
 */
public final class UiMessageEvents implements EventReader {
    public static final UiMessageEvents INSTANCE = new UiMessageEvents();

    /** Per turn: when the current step and the open text/reasoning parts started. */
    private static final class State {
        long stepStart = -1;
        int steps;
        final Map<String, Long> parts = new HashMap<>(4);
    }

    @Override
    public void onEvent(String event, byte[] data, long nanos, StreamTurn turn) {
        if (data.length == 6 && JsonEvents.is(data, "[DONE]")) {
            turn.done(nanos);
            return;
        }
        JsonNode part = JsonEvents.parse(data, turn);
        if (part == null) {
            return;
        }
        String type = JsonEvents.text(part, "type");
        if (type == null) {
            return;
        }
        State state = state(turn);
        switch (type) {
            case "text-start", "reasoning-start" -> state.parts.put(type.substring(0, type.indexOf('-')) + id(part), nanos);
            case "text-delta" -> turn.content(JsonEvents.text(part, "delta"), nanos);
            case "reasoning-delta" -> turn.reasoning(JsonEvents.text(part, "delta"), nanos);
            case "text-end", "reasoning-end" -> {
                String kind = type.substring(0, type.indexOf('-'));
                Long start = state.parts.remove(kind + id(part));
                turn.block(kind, kind, start == null ? nanos : start, nanos, true, null);
            }
            case "tool-input-start" -> {
                turn.tool(toolKey(part), nanos).name(JsonEvents.text(part, "toolName"));
                turn.toolDelta(nanos);
            }
            case "tool-input-delta" -> {
                String delta = JsonEvents.text(part, "inputTextDelta");
                turn.tool(toolKey(part), nanos).arguments(delta);
                if (delta != null && !delta.isEmpty()) {
                    turn.toolDelta(nanos);
                }
            }
            case "tool-input-available" -> {
                StreamTurn.ToolFragments tool = turn.tool(toolKey(part), nanos).name(JsonEvents.text(part, "toolName"));
                if (JsonEvents.present(part.get("input"))) {
                    tool.parsedArguments(ResponseFields.arguments(JsonEvents.plain(part.get("input"))));
                }
                turn.toolDelta(nanos);
            }
            case "tool-input-error", "tool-output-error" -> {
                turn.tool(toolKey(part), nanos).failed(type.startsWith("tool-input") ? "invalid tool input: "
                        + JsonEvents.text(part, "errorText") : JsonEvents.text(part, "errorText"));
                turn.toolDone(toolKey(part), nanos);
            }
            case "tool-output-available" -> turn.toolDone(toolKey(part), nanos);
            case "start-step" -> state.stepStart = nanos;
            case "finish-step" -> {
                state.steps++;
                turn.block("step", "step_" + state.steps, state.stepStart < 0 ? nanos : state.stepStart, nanos, true, null);
                state.stepStart = -1;
            }
            case "start", "message-metadata" -> metadata(part, turn);
            case "finish" -> {
                metadata(part, turn);
                turn.finishReason(JsonEvents.text(part, "finishReason"));
                turn.done(nanos);
            }
            case "error" -> turn.fail("error event in the stream: " + JsonEvents.errorMessage(part));
            case "abort" -> turn.fail("the stream was aborted by the server");
            default -> {
                // sources, files, data-* parts and types added later carry nothing we read
            }
        }
    }

    private static void metadata(JsonNode part, StreamTurn turn) {
        JsonNode usage = part.path("messageMetadata").get("usage");
        if (usage != null && usage.isObject()) {
            turn.usage(ResponseFields.usage(JsonEvents.map(usage)));
        }
        turn.finishReason(JsonEvents.text(part.path("messageMetadata"), "finishReason"));
    }

    private static String id(JsonNode part) {
        String id = JsonEvents.text(part, "id");
        return id == null ? "" : id;
    }

    private static Object toolKey(JsonNode part) {
        String id = JsonEvents.text(part, "toolCallId");
        return "tool-" + (id == null ? "" : id);
    }

    private static State state(StreamTurn turn) {
        return (State) turn.scratch(UiMessageEvents.class, State::new);
    }

    @Override
    public String terminal() {
        return "a finish part";
    }
}
