package io.stampede.workload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stampede.check.ToolCall;
import io.stampede.check.Usage;
import io.stampede.json.Json;
import io.stampede.secret.Secrets;
import io.stampede.trace.TraceNode;

/**
 * One conversation as it happened, for {@code --record}: each turn's message (as sent) and reply,
 * its status, latency, time to first token, tokens, tools, intent and the agent's pipeline nodes,
 * the think time before it, and the checks' outcomes; the other steps (requests, tool calls)
 * with their status and latency. Written as one JSON line of {@code conversations.jsonl}, which
 * is also a dataset ({@code data: { replay: RUN_DIR }}): a recorded conversation is replayed turn
 * by turn with its think times, and each reply becomes the expected reply.
 *
 * <p>Every text passes the run's {@link Secrets} before it is kept, and is cut at
 * {@link #MAX_TEXT} characters. Not thread-safe: one per user, on its lane's event loop.
 */
public final class ConversationLog {
    static final int MAX_TEXT = 256 * 1024;

    private final Secrets secrets;
    private final Map<String, Object> conversation = new LinkedHashMap<>();
    private final List<Map<String, Object>> turns = new ArrayList<>();
    private final List<Map<String, Object>> calls = new ArrayList<>();
    private Map<String, Object> last;

    /**
     * @param startedMs when the conversation was meant to begin, in ms after the run's start
     * @param row       the dataset row it replays, or -1
     */
    public ConversationLog(Secrets secrets, String runId, String conversationId, int user, int iteration, double startedMs, long row) {
        this.secrets = secrets;
        conversation.put("run_id", runId);
        conversation.put("conversation_id", secrets.mask(conversationId));
        conversation.put("user", user);
        conversation.put("iteration", iteration);
        conversation.put("started_ms", round(startedMs));
        if (row >= 0) {
            conversation.put("dataset_row", row);
        }
    }

    /** What one turn of the agent showed. */
    public record Turn(String step, int turn, String message, String reply, int status, boolean ok, String error, double latencyMs,
                       double ttftMs, long thinkMs, Usage usage, List<ToolCall> tools, String intent, List<TraceNode> nodes) {
    }

    public void turn(Turn t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", secrets.mask(t.step()));
        m.put("turn", t.turn());
        m.put("user", text(t.message()));
        if (t.reply() != null) {
            m.put("reply", text(t.reply()));
        }
        m.put("status", t.status());
        m.put("ok", t.ok());
        if (t.error() != null) {
            m.put("error", text(t.error()));
        }
        m.put("think_ms", t.thinkMs());
        m.put("latency_ms", round(t.latencyMs()));
        if (t.ttftMs() >= 0) {
            m.put("ttft_ms", round(t.ttftMs()));
        }
        m.put("input_tokens", t.usage().inputTokens());
        m.put("output_tokens", t.usage().outputTokens());
        if (!t.tools().isEmpty()) {
            m.put("tools", t.tools().stream().map(c -> secrets.mask(c.name())).toList());
        }
        if (t.intent() != null) {
            m.put("intent", secrets.mask(t.intent()));
        }
        if (!t.nodes().isEmpty()) {
            List<Map<String, Object>> nodes = new ArrayList<>(t.nodes().size());
            for (TraceNode n : t.nodes()) {
                Map<String, Object> node = new LinkedHashMap<>();
                node.put("node", secrets.mask(n.node()));
                node.put("name", secrets.mask(n.name()));
                node.put("latency_ms", round(n.latencyMicros() / 1000.0));
                node.put("ok", n.ok());
                node.put("tokens", n.tokens());
                if (n.error() != null) {
                    node.put("error", text(n.error()));
                }
                nodes.add(node);
            }
            m.put("nodes", nodes);
        }
        turns.add(m);
        last = m;
    }

    /** A request or tool call of the conversation (not a turn: a replay does not send it). */
    public void call(String step, int status, boolean ok, String error, double latencyMs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", secrets.mask(step));
        m.put("status", status);
        m.put("ok", ok);
        if (error != null) {
            m.put("error", text(error));
        }
        m.put("latency_ms", round(latencyMs));
        calls.add(m);
        last = m;
    }

    /** A check's outcome on the last turn or call: passed, failed (with its reason) or not evaluated; with the judge's score. */
    public void check(String label, String outcome, String detail, Double score) {
        if (last == null) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> checks = (List<Map<String, Object>>) last.computeIfAbsent("checks", k -> new ArrayList<>());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("check", label);
        c.put("outcome", outcome);
        if (score != null) {
            c.put("score", score);
        }
        if (detail != null) {
            c.put("detail", text(detail));
        }
        checks.add(c);
    }

    public boolean hasTurns() {
        return !turns.isEmpty();
    }

    /** The conversation as one JSON line; {@code outcome} is {@code ok} or {@code failed}. */
    public String toJson(String outcome, double endedMs) {
        conversation.put("ended_ms", round(endedMs));
        conversation.put("outcome", outcome);
        conversation.put("turns", turns);
        if (!calls.isEmpty()) {
            conversation.put("calls", calls);
        }
        return Json.text(conversation);
    }

    private String text(String s) {
        if (s == null) {
            return null;
        }
        String masked = secrets.mask(s);
        return masked.length() <= MAX_TEXT ? masked : masked.substring(0, MAX_TEXT) + "…";
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
