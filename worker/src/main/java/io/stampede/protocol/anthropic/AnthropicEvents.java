package io.stampede.protocol.anthropic;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.stampede.check.Usage;
import io.stampede.protocol.sse.EventReader;
import io.stampede.protocol.sse.JsonEvents;
import io.stampede.protocol.sse.StreamTurn;

/**
 * Anthropic Messages stream: {@code message_start} (input usage), content blocks opened by
 * {@code content_block_start}, filled by {@code content_block_delta} ({@code text_delta},
 * {@code thinking_delta}, {@code input_json_delta} for tool input) and closed by
 * {@code content_block_stop}; {@code message_delta} brings the stop reason and output usage;
 * {@code message_stop} ends the stream; {@code ping} keeps it alive; {@code error} fails the
 * turn. Each content block becomes a trace node: text, reasoning (thinking) or tool_call
 * (tool_use and server tools, named by the tool).
 *
 * <p>Tokens: Anthropic counts cache reads and writes apart from {@code input_tokens}; here
 * input is all three together and cached is the cache reads, as OpenAI counts them.
 */
public final class AnthropicEvents implements EventReader {
    public static final AnthropicEvents INSTANCE = new AnthropicEvents();

    /** A content block being streamed. */
    private record Block(String type, String name, long startNanos) {
    }

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
            case "message_start" -> usage(e.path("message").get("usage"), turn);
            case "content_block_start" -> blockStart(e, nanos, turn);
            case "content_block_delta" -> delta(e, nanos, turn);
            case "content_block_stop" -> blockStop(e, nanos, turn);
            case "message_delta" -> {
                turn.finishReason(JsonEvents.text(e.path("delta"), "stop_reason"));
                usage(e.get("usage"), turn);
            }
            case "message_stop" -> turn.done(nanos);
            case "error" -> turn.fail("error event in the stream: " + JsonEvents.errorMessage(
                    JsonEvents.present(e.get("error")) ? e.get("error") : e));
            default -> {
                // ping and event types added later carry nothing we read
            }
        }
    }

    private static void blockStart(JsonNode e, long nanos, StreamTurn turn) {
        int index = e.path("index").asInt(0);
        JsonNode block = e.path("content_block");
        String kind = JsonEvents.text(block, "type");
        kind = kind == null ? "text" : kind;
        String name = JsonEvents.text(block, "name");
        blocks(turn).put(index, new Block(kind, name, nanos));
        if (isTool(kind)) {
            turn.tool(index, nanos).name(name == null ? kind : name);
            turn.toolDelta(nanos);
        } else if (kind.equals("text")) {
            turn.content(JsonEvents.text(block, "text"), nanos);
        }
    }

    private static void delta(JsonNode e, long nanos, StreamTurn turn) {
        JsonNode delta = e.path("delta");
        String kind = JsonEvents.text(delta, "type");
        if (kind == null) {
            return;
        }
        switch (kind) {
            case "text_delta" -> turn.content(JsonEvents.text(delta, "text"), nanos);
            case "thinking_delta" -> turn.reasoning(JsonEvents.text(delta, "thinking"), nanos);
            case "input_json_delta" -> {
                String json = JsonEvents.text(delta, "partial_json");
                turn.tool(e.path("index").asInt(0), nanos).arguments(json);
                if (json != null && !json.isEmpty()) {
                    turn.toolDelta(nanos);
                }
            }
            default -> {
                // signature_delta, citations_delta: no content of their own
            }
        }
    }

    private static void blockStop(JsonNode e, long nanos, StreamTurn turn) {
        int index = e.path("index").asInt(0);
        Block block = blocks(turn).remove(index);
        if (block == null) {
            return;
        }
        if (isTool(block.type())) {
            turn.toolDone(index, nanos);
        } else if (block.type().contains("thinking")) {
            turn.block("reasoning", block.type(), block.startNanos(), nanos, true, null);
        } else {
            turn.block(block.type().equals("text") ? "text" : block.type(), block.type(), block.startNanos(), nanos, true, null);
        }
    }

    private static boolean isTool(String kind) {
        return kind.equals("tool_use") || kind.equals("server_tool_use") || kind.equals("mcp_tool_use");
    }

    private static void usage(JsonNode usage, StreamTurn turn) {
        if (usage == null || !usage.isObject()) {
            return;
        }
        long cacheRead = usage.path("cache_read_input_tokens").asLong(0);
        long cacheWrite = usage.path("cache_creation_input_tokens").asLong(0);
        long input = usage.path("input_tokens").asLong(0);
        turn.usage(new Usage(input + cacheRead + cacheWrite, usage.path("output_tokens").asLong(0), 0, cacheRead, true));
    }

    @SuppressWarnings("unchecked")
    private static Map<Integer, Block> blocks(StreamTurn turn) {
        return (Map<Integer, Block>) turn.scratch(AnthropicEvents.class, HashMap::new);
    }

    @Override
    public String terminal() {
        return "event: message_stop";
    }
}
