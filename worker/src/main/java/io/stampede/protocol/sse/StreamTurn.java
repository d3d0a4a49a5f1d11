package io.stampede.protocol.sse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stampede.check.ToolCall;
import io.stampede.check.Usage;
import io.stampede.limits.ReplyBudget;
import io.stampede.protocol.AgentResponse;
import io.stampede.protocol.ReplyPolicy;
import io.stampede.protocol.ReplyText;
import io.stampede.protocol.ResponseFields;
import io.stampede.protocol.TokenTiming;
import io.stampede.trace.TraceNode;
import io.stampede.trace.TraceReader;

/**
 * What one streamed turn has shown so far, whatever the dialect: the reply and reasoning
 * text, tool calls merged from their fragments, usage, finish reason, the agent's own fields
 * when it sends them, the blocks of the stream's structure (which become trace nodes), and
 * the arrival times that TTFT, TTFO and inter-token latency are read from.
 *
 * <p>Each metric has one meaning here: {@link #content}, {@link #reasoning} and
 * {@link #toolDelta} mark a content event (the first one is the first token; every one after
 * it adds a gap); only {@link #content} marks the first visible output. Empty deltas (the
 * role-only first chunk, a finish-only chunk) are not content.
 *
 * <p>Memory is bounded whatever the stream's length: the reply text, the reasoning and the tool
 * calls' arguments share one budget of {@link ReplyPolicy#maxBytes} ({@code target.max_reply_bytes})
 * kept bytes — past it text is counted and dropped —, and tool calls, blocks, gaps and the
 * dialects' per-turn state hold at most {@link #MAX_PARTS}, {@link #MAX_PARTS} and
 * {@link #MAX_GAPS} entries. Tokens the target does not report are counted once, in
 * {@link #toResponse}, never per event.
 *
 * <p>Not thread-safe: one per exchange, on the lane's event loop.
 *
 * <p>Why one class of this length: every dialect's reader writes into it, and the timing rules
 * above (what is a token, what is a gap, when output starts) must hold for all of them at once;
 * they are kept in one place on purpose.
 */
public final class StreamTurn {
    /** Gaps kept per turn; a longer stream keeps the first ones. */
    static final int MAX_GAPS = 1 << 16;
    /** Tool calls, blocks and a dialect's open parts kept per turn; more are not tracked. */
    public static final int MAX_PARTS = 1000;

    private final ReplyPolicy policy;
    /** The user's share of the worker's reply budget, which every kept byte is also counted in. */
    private ReplyBudget.Claim budget = ReplyBudget.UNBOUNDED;
    /** Bytes of text kept so far, reply, reasoning and arguments together. */
    private int keptBytes;
    private final ReplyText text = new ReplyText();
    private ReplyText reasoning;
    private final Map<Object, ToolFragments> tools = new LinkedHashMap<>();
    private Map<Integer, ToolFragments> toolsByIndex;
    private Map<Object, Object> scratch;
    private List<TraceNode> blocks;
    private Usage usage;
    private String finishReason;
    private String error;
    private boolean done;
    private String intent;
    private String conversationId;
    private Object agentTrace;
    private Object agentTools;
    private long firstTokenNanos = -1;
    private long firstOutputNanos = -1;
    private long lastTokenNanos = -1;
    private long doneNanos = -1;
    private int[] gaps = new int[16];
    private int gapCount;

    /** A turn with the default policy (4 MiB kept, tokens estimated). */
    public StreamTurn() {
        this(ReplyPolicy.DEFAULT);
    }

    public StreamTurn(ReplyPolicy policy) {
        this.policy = policy;
    }

    /** A tool call being assembled from its fragments: name, arguments text, when it started and ended. */
    public static final class ToolFragments {
        private final StreamTurn turn;
        String id;
        String name;
        final ReplyText arguments = new ReplyText();
        Map<String, Object> parsedArguments;
        long startNanos = -1;
        long endNanos = -1;
        String error;
        boolean recorded;

        ToolFragments(StreamTurn turn) {
            this.turn = turn;
        }

        public ToolFragments name(String n) {
            if (n != null && !n.isEmpty() && name == null) {
                name = n;
            }
            return this;
        }

        public ToolFragments arguments(String fragment) {
            turn.keep(arguments, fragment);
            return this;
        }

        /** Complete arguments sent as an object (Anthropic's {@code input}, Vercel's {@code tool-input-available}). */
        public ToolFragments parsedArguments(Map<String, Object> args) {
            parsedArguments = args;
            return this;
        }

        public ToolFragments failed(String reason) {
            error = reason;
            return this;
        }

        public ToolFragments ended(long nanos) {
            endNanos = Math.max(endNanos, nanos);
            return this;
        }

        public boolean hasName() {
            return name != null;
        }
    }

    // ---- what dialects report

    /** A text delta; an empty one is no content. */
    public void content(String delta, long nanos) {
        if (delta == null || delta.isEmpty()) {
            return;
        }
        keep(text, delta);
        if (firstOutputNanos < 0) {
            firstOutputNanos = nanos;
        }
        token(nanos);
    }

    /** A reasoning (thinking) delta; counts for TTFT, not for the first visible output. */
    public void reasoning(String delta, long nanos) {
        if (delta == null || delta.isEmpty()) {
            return;
        }
        if (reasoning == null) {
            reasoning = new ReplyText();
        }
        keep(reasoning, delta);
        token(nanos);
    }

    /** Appends a piece of text within the turn's budget of kept bytes. */
    private void keep(ReplyText to, String piece) {
        int kept = to.append(piece, policy.maxBytes() - keptBytes);
        keptBytes += kept;
        if (kept > 0 && !budget.grow(kept)) {
            // The worker's replies together are at their bound: what this turn kept is dropped, the stream abandoned.
            fail(budget.reason());
            text.drop();
            if (reasoning != null) {
                reasoning.drop();
            }
            tools.values().forEach(t -> t.arguments.drop());
            keptBytes = policy.maxBytes(); // nothing more is kept
        }
    }

    /** Counts what this turn keeps in {@code claim} too (the user's share of the worker's reply budget). */
    public StreamTurn budget(ReplyBudget.Claim claim) {
        this.budget = claim;
        return this;
    }

    /**
     * The tool call under {@code key} (an index, an id), created on first sight. Servers that
     * repeat index 0 for every call are told apart by the dialect through the id it passes.
     */
    public ToolFragments tool(Object key, long nanos) {
        ToolFragments t = tools.get(key);
        if (t == null) {
            t = new ToolFragments(this);
            t.startNanos = nanos;
            if (tools.size() < MAX_PARTS) {
                tools.put(key, t); // past the bound, a call is read and forgotten
            }
        }
        t.ended(nanos);
        return t;
    }

    public ToolFragments existingTool(Object key) {
        return tools.get(key);
    }

    /**
     * The tool call at {@code index} (OpenAI's {@code tool_calls[].index}). A fragment with an
     * id other than the one already seen at that index starts a new call: some servers send
     * every call at index 0, told apart only by their ids. Fragments without an id continue the
     * latest call at their index.
     */
    public ToolFragments toolAt(int index, String id, long nanos) {
        if (toolsByIndex == null) {
            toolsByIndex = new java.util.HashMap<>(4);
        }
        ToolFragments current = toolsByIndex.get(index);
        if (current == null || (id != null && !id.isEmpty() && current.id != null && !id.equals(current.id))) {
            current = tool(new Object(), nanos);
            if (toolsByIndex.size() < MAX_PARTS) {
                toolsByIndex.put(index, current);
            }
        } else {
            current.ended(nanos);
        }
        if (current.id == null && id != null && !id.isEmpty()) {
            current.id = id;
        }
        return current;
    }

    /**
     * The tool call under {@code key} is complete (its block closed, its output arrived): it
     * becomes a trace node now, timed from its first fragment to {@code nanos}.
     */
    public void toolDone(Object key, long nanos) {
        ToolFragments t = tools.get(key);
        if (t != null && !t.recorded) {
            t.ended(nanos);
            t.recorded = true;
            block("tool_call", t.name == null ? "tool" : t.name, t.startNanos, t.endNanos, t.error == null, t.error);
        }
    }

    /** A tool-call fragment arrived: content for TTFT and inter-token latency. */
    public void toolDelta(long nanos) {
        token(nanos);
    }

    private void token(long nanos) {
        if (firstTokenNanos < 0) {
            firstTokenNanos = nanos;
        } else if (gapCount < MAX_GAPS) {
            if (gapCount == gaps.length) {
                gaps = java.util.Arrays.copyOf(gaps, Math.min(MAX_GAPS, gaps.length * 2));
            }
            gaps[gapCount++] = (int) Math.min(Integer.MAX_VALUE, Math.max(0, (nanos - lastTokenNanos) / 1000));
        }
        lastTokenNanos = nanos;
    }

    /** One block of the stream's structure (a content block, an output item, a step), as a trace node. */
    public void block(String node, String name, long startNanos, long endNanos, boolean ok, String blockError) {
        if (blocks == null) {
            blocks = new ArrayList<>(4);
        }
        if (blocks.size() < MAX_PARTS) {
            blocks.add(new TraceNode(node, name, ok, Math.max(0, (endNanos - startNanos) / 1000), 0, ok ? null : blockError));
        }
    }

    public void usage(Usage u) {
        if (u != null) {
            usage = usage == null ? u : merge(usage, u);
        }
    }

    public void finishReason(String reason) {
        if (reason != null && !reason.isEmpty()) {
            finishReason = reason;
        }
    }

    /** The first failure wins: later events often only repeat it. */
    public void fail(String reason) {
        if (error == null) {
            error = reason;
        }
    }

    public void done(long nanos) {
        if (!done) {
            done = true;
            doneNanos = nanos;
        }
    }

    public void intent(String value) {
        if (value != null) {
            intent = value;
        }
    }

    public void conversationId(String value) {
        if (value != null && !value.isEmpty()) {
            conversationId = value;
        }
    }

    /** The agent's own trace array, when its stream carries one (it then replaces the structure's nodes). */
    public void agentTrace(Object trace) {
        if (trace != null) {
            agentTrace = trace;
        }
    }

    /** Tools the agent reports having run itself (names or {name, args}), besides the model's tool calls. */
    public void agentTools(Object value) {
        if (value != null) {
            agentTools = value;
        }
    }

    /** Per-turn state of a dialect (when blocks opened…), created on first use under the dialect's key. */
    public Object scratch(Object key, java.util.function.Supplier<Object> create) {
        if (scratch == null) {
            scratch = new java.util.HashMap<>(2);
        }
        return scratch.computeIfAbsent(key, k -> create.get());
    }

    // ---- state

    public boolean isDone() {
        return done;
    }

    public boolean failed() {
        return error != null;
    }

    public String error() {
        return error;
    }

    /** The reply text kept so far. */
    public String text() {
        return text.toString();
    }

    public long doneNanos() {
        return doneNanos;
    }

    /** Tool calls with a name, in the order they started. */
    public List<ToolCall> toolCalls() {
        List<ToolCall> out = new ArrayList<>(tools.size());
        for (ToolFragments t : tools.values()) {
            if (t.name != null) {
                out.add(new ToolCall(t.name, t.parsedArguments != null ? t.parsedArguments
                        : ResponseFields.arguments(t.arguments.toString())));
            }
        }
        return out;
    }

    /**
     * The turn as the engine records it. Usage comes from the server where it said so, else it
     * is counted from what was sent ({@code sentText}) and what came back — the reply, the
     * reasoning and the tool calls' arguments, the part past the budget at the kept part's rate.
     */
    public AgentResponse toResponse(int status, long endNanos, String sentText) {
        List<ToolCall> toolCalls = toolCalls();
        if (agentTools != null) {
            List<ToolCall> merged = new ArrayList<>(toolCalls);
            for (ToolCall t : ResponseFields.tools(agentTools)) {
                if (merged.stream().noneMatch(m -> m.name().equals(t.name()) && m.args().equals(t.args()))) {
                    merged.add(t);
                }
            }
            toolCalls = merged;
        }
        Usage u = usage;
        if (u == null || (!u.reported())) {
            long output = policy.count(text) + policy.count(reasoning);
            for (ToolFragments t : tools.values()) {
                output += policy.count(t.arguments) + (t.name == null ? 0 : 1);
            }
            u = new Usage(policy.count(sentText), output, 0, 0, false);
        }
        List<TraceNode> trace = agentTrace != null ? TraceReader.read(agentTrace) : structure();
        String reply = text.toString();
        TokenTiming timing = new TokenTiming(firstOutputNanos, gaps, gapCount);
        return new AgentResponse(status, reply, null, reply, intent, toolCalls, u, finishReason, trace, conversationId,
                firstTokenNanos, endNanos, error, timing, policy.truncation(text));
    }

    /** Nodes from the stream's own structure: the dialect's blocks, and tool calls it did not close as blocks. */
    private List<TraceNode> structure() {
        List<TraceNode> nodes = blocks == null ? new ArrayList<>(tools.size()) : new ArrayList<>(blocks);
        for (ToolFragments t : tools.values()) {
            if (t.name != null && !t.recorded) {
                nodes.add(new TraceNode("tool_call", t.name, t.error == null,
                        Math.max(0, (t.endNanos - t.startNanos) / 1000), 0, t.error));
            }
        }
        return nodes;
    }

    /** Usage may come in parts (Anthropic: input at the start, output at the end); later non-zero values win. */
    private static Usage merge(Usage a, Usage b) {
        return new Usage(b.inputTokens() > 0 ? b.inputTokens() : a.inputTokens(),
                b.outputTokens() > 0 ? b.outputTokens() : a.outputTokens(),
                b.reasoningTokens() > 0 ? b.reasoningTokens() : a.reasoningTokens(),
                b.cachedTokens() > 0 ? b.cachedTokens() : a.cachedTokens(),
                a.reported() || b.reported());
    }
}
