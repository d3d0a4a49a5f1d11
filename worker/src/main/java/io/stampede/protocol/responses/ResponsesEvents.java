package io.stampede.protocol.responses;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.stampede.protocol.ResponseFields;
import io.stampede.protocol.sse.EventReader;
import io.stampede.protocol.sse.JsonEvents;
import io.stampede.protocol.sse.StreamTurn;

/**
 * OpenAI Responses API stream ({@code POST /v1/responses} with {@code stream: true}): typed
 * events, named by {@code event:} and by the data's {@code type}. Text comes in
 * {@code response.output_text.delta}, reasoning in {@code response.reasoning_summary_text.delta}
 * and {@code response.reasoning_text.delta}, function-call arguments in
 * {@code response.function_call_arguments.delta}. Each output item (message, reasoning,
 * function_call, and built-in tool calls such as web_search_call) opens with
 * {@code response.output_item.added} and closes with {@code response.output_item.done}: it
 * becomes a trace node. The stream ends with {@code response.completed} (usage there),
 * {@code response.incomplete} (the reason becomes the finish reason) or
 * {@code response.failed} / {@code error} (a failed step).
 *
 * <p>Finish reasons are the API's own words: {@code completed}, or the incomplete reason
 * ({@code max_output_tokens}, {@code content_filter}).
 */
public final class ResponsesEvents implements EventReader {
    public static final ResponsesEvents INSTANCE = new ResponsesEvents();

    @Override
    public void onEvent(String event, byte[] data, long nanos, StreamTurn turn) {
        JsonNode e = JsonEvents.parse(data, turn);
        if (e == null) {
            return;
        }
        String type = JsonEvents.text(e, "type");
        if (type == null) {
            type = event == null ? "" : event;
        }
        switch (type) {
            case "response.output_text.delta" -> turn.content(JsonEvents.text(e, "delta"), nanos);
            case "response.reasoning_summary_text.delta", "response.reasoning_text.delta" ->
                    turn.reasoning(JsonEvents.text(e, "delta"), nanos);
            case "response.function_call_arguments.delta" -> {
                String delta = JsonEvents.text(e, "delta");
                turn.tool(itemKey(e), nanos).arguments(delta);
                if (delta != null && !delta.isEmpty()) {
                    turn.toolDelta(nanos);
                }
            }
            case "response.output_item.added" -> itemAdded(e.path("item"), e, nanos, turn);
            case "response.output_item.done" -> itemDone(e.path("item"), e, nanos, turn);
            case "response.completed" -> {
                usage(e.path("response"), turn);
                turn.finishReason("completed");
                turn.done(nanos);
            }
            case "response.incomplete" -> {
                JsonNode response = e.path("response");
                usage(response, turn);
                String reason = JsonEvents.text(response.path("incomplete_details"), "reason");
                turn.finishReason(reason == null ? "incomplete" : reason);
                turn.done(nanos);
            }
            case "response.failed" -> turn.fail("the response failed: "
                    + JsonEvents.errorMessage(e.path("response").get("error")));
            case "error" -> turn.fail("error event in the stream: " + JsonEvents.errorMessage(
                    JsonEvents.present(e.get("error")) ? e.get("error") : e));
            default -> {
                // other events (created, in_progress, content_part.*, *.done) carry nothing new
            }
        }
    }

    private static void itemAdded(JsonNode item, JsonNode e, long nanos, StreamTurn turn) {
        String kind = JsonEvents.text(item, "type");
        if (kind == null || kind.equals("message") || kind.equals("reasoning")) {
            started(turn, e, nanos);
            return;
        }
        turn.tool(itemKey(e), nanos).name(toolName(item, kind));
        turn.toolDelta(nanos);
    }

    private static void itemDone(JsonNode item, JsonNode e, long nanos, StreamTurn turn) {
        String kind = JsonEvents.text(item, "type");
        if (kind == null) {
            return;
        }
        switch (kind) {
            case "message" -> turn.block("text", "message", startedAt(turn, e, nanos), nanos, true, null);
            case "reasoning" -> turn.block("reasoning", "reasoning", startedAt(turn, e, nanos), nanos, true, null);
            default -> {
                StreamTurn.ToolFragments tool = turn.tool(itemKey(e), nanos).name(toolName(item, kind)).ended(nanos);
                String arguments = JsonEvents.text(item, "arguments");
                if (arguments != null) {
                    tool.parsedArguments(ResponseFields.arguments(arguments));
                }
                String status = JsonEvents.text(item, "status");
                if ("failed".equals(status)) {
                    tool.failed(kind + " failed");
                }
                turn.toolDone(itemKey(e), nanos);
            }
        }
    }

    private static String toolName(JsonNode item, String kind) {
        String name = JsonEvents.text(item, "name");
        return name != null ? name : kind;
    }

    private static void usage(JsonNode response, StreamTurn turn) {
        JsonNode usage = response.get("usage");
        if (usage != null && usage.isObject()) {
            turn.usage(ResponseFields.usage(JsonEvents.map(usage)));
        }
    }

    /** Items are keyed by their output index (ids are not on every event). */
    private static Object itemKey(JsonNode e) {
        return "item-" + e.path("output_index").asInt(0);
    }

    /** When a message or reasoning item opened: kept in the turn under a key of its own. */
    private static void started(StreamTurn turn, JsonNode e, long nanos) {
        starts(turn).put(e.path("output_index").asInt(0), nanos);
    }

    private static long startedAt(StreamTurn turn, JsonNode e, long nanos) {
        Long start = starts(turn).get(e.path("output_index").asInt(0));
        return start == null ? nanos : start;
    }

    @SuppressWarnings("unchecked")
    private static Map<Integer, Long> starts(StreamTurn turn) {
        return (Map<Integer, Long>) turn.scratch(ResponsesEvents.class, HashMap::new);
    }

    @Override
    public String terminal() {
        return "event: response.completed";
    }
}
