package io.stampede.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.stampede.tokens.TokenEstimator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Runs one chat turn through the simulated pipeline and returns it as a {@link Turn}:
 * load history, classify, recall the intent when it came from memory, search the knowledge
 * base (not for greetings), call the intent's tool, compose the reply, save history. Each node
 * gets a latency from the {@link LatencyModel}; the turn's latency is their sum, so a client
 * can check the trace against what it measured.
 *
 * <p>Tokens: input = system prompt + history + message, output = reply. The classify call
 * carries the classification instructions plus the message, the compose call the rest, so
 * the llm_call nodes add up to {@code usage.total_tokens}.
 *
 * <p>Failures ({@code errorRate}): half end in a 500 at the compose call; half end in a 200
 * whose tool node failed and whose reply apologises. Intents without a tool always fail with
 * a 500, so an error node always means a failed tool.
 *
 * <p>Under load ({@link Degradation}, {@code degradeAbove} turns in flight) its LLM calls slow
 * down and, further on, a turn may skip its tool or mistake the intent.
 *
 * <p>Confined to the agent's event loop: it owns no lock and shares the caller's random source.
 */
final class TurnSimulator {
    static final int SYSTEM_PROMPT_TOKENS = 150;
    static final String COMPOSE_REPLY = "compose_reply";
    private static final int CLASSIFY_PROMPT_TOKENS = 60;

    private enum Failure { NONE, SERVER_ERROR, TOOL_ERROR }

    private final IntentClassifier classifier = new IntentClassifier();
    private final LatencyModel latency;
    private final SplittableRandom random;
    private final double errorRate;
    private final Degradation degradation;
    private final int degradeAbove;

    TurnSimulator(LatencyModel latency, SplittableRandom random, double errorRate) {
        this(latency, random, errorRate, null, 0);
    }

    /** @param degradeAbove turns in flight past which it degrades (0: never), unless a request says otherwise */
    TurnSimulator(LatencyModel latency, SplittableRandom random, double errorRate, Degradation degradation, int degradeAbove) {
        this.latency = latency;
        this.random = random;
        this.errorRate = errorRate;
        this.degradation = degradation;
        this.degradeAbove = degradeAbove;
    }

    Turn simulate(String message, Object userProfile, String conversationId, History history) {
        return simulate(message, userProfile, conversationId, history, (Integer) null);
    }

    /** @param degradeAbove this request's own threshold (the {@code X-Demo-Degrade-Above} header), or null for the agent's */
    Turn simulate(String message, Object userProfile, String conversationId, History history, Integer degradeAbove) {
        if (degradation == null) {
            return turn(message, userProfile, conversationId, history, Degradation.Effect.NONE);
        }
        Degradation.Effect effect = degradation.arrive(degradeAbove != null ? degradeAbove : this.degradeAbove, conversationId,
                history.turns() + 1);
        Turn turn = turn(message, userProfile, conversationId, history, effect);
        degradation.hold(turn.latencyMs());
        return turn;
    }

    /**
     * @param conversationId the id this turn belongs to; also keys the customer's "recent order"
     * @param history the conversation so far, {@link History#NONE} for a first turn
     */
    private Turn turn(String message, Object userProfile, String conversationId, History history, Degradation.Effect effect) {
        Failure failure = drawFailure();
        IntentClassifier.Classification classification = classifier.classify(message, history.lastTask());
        if (effect.mistake() == Degradation.Mistake.WRONG_INTENT) {
            classification = new IntentClassifier.Classification(Intent.UNKNOWN, 0.42, false);
        }
        Intent intent = classification.intent();
        boolean skipTool = effect.mistake() == Degradation.Mistake.SKIP_TOOL;
        double slow = effect.llmSlowdown();
        if (failure == Failure.TOOL_ERROR && !intent.hasTool()) {
            failure = Failure.SERVER_ERROR;
        }
        boolean chinese = TokenEstimator.hasCjkLetters(message);
        int messageTokens = TokenEstimator.estimate(message);
        int inputTokens = SYSTEM_PROMPT_TOKENS + history.tokens() + messageTokens;
        int classifyTokens = CLASSIFY_PROMPT_TOKENS + messageTokens;

        List<TraceNode> trace = new ArrayList<>(7);
        trace.add(node("memory", "load_history", TraceNode.OK, LatencyModel.MEMORY, 0));
        trace.add(node("llm_call", "classify_intent", TraceNode.OK, LatencyModel.CLASSIFY, classifyTokens, slow));
        if (classification.fromMemory()) {
            trace.add(node("memory", "recall_intent", TraceNode.OK, LatencyModel.MEMORY, 0));
        }
        if (intent != Intent.GREETING) {
            trace.add(node("rag", "kb_search", TraceNode.OK, LatencyModel.RAG, 0));
        }

        JsonArray toolsCalled = new JsonArray();
        JsonObject toolResult = null;
        boolean toolFailed = false;
        if (intent.hasTool() && !skipTool) {
            Tools.Tool tool = Tools.find(intent.tool());
            JsonObject args = ToolArguments.forTurn(intent, message, userProfile, conversationId);
            toolsCalled.add(new JsonObject().put("name", tool.name()).put("args", args));
            toolFailed = failure == Failure.TOOL_ERROR;
            if (!toolFailed) {
                toolResult = tool.call(args);
            }
            trace.add(node("tool_call", tool.name(), toolFailed ? TraceNode.ERROR : TraceNode.OK, tool.latency(), 0));
        }

        String reply = toolFailed || (skipTool && intent.hasTool())
                ? Replies.apology(intent, chinese)
                : Replies.compose(intent, chinese, classification.fromMemory(), toolResult);
        int outputTokens = TokenEstimator.estimate(reply);
        int composeTokens = inputTokens - classifyTokens + outputTokens;
        boolean serverError = failure == Failure.SERVER_ERROR;
        trace.add(node("llm_call", COMPOSE_REPLY, serverError ? TraceNode.ERROR : TraceNode.OK,
                latency.compose(outputTokens), composeTokens, slow));
        if (!serverError) {
            trace.add(node("memory", "save_history", TraceNode.OK, LatencyModel.MEMORY, 0));
        }
        return new Turn(conversationId, history.turns() + 1, reply, intent, classification.confidence(),
                toolsCalled, List.copyOf(trace), messageTokens, inputTokens, outputTokens, serverError);
    }

    private Failure drawFailure() {
        if (errorRate == 0 || random.nextDouble() >= errorRate) {
            return Failure.NONE;
        }
        return random.nextBoolean() ? Failure.SERVER_ERROR : Failure.TOOL_ERROR;
    }

    private TraceNode node(String node, String name, String status, LatencyModel.Profile profile, int tokens) {
        return node(node, name, status, profile, tokens, 1);
    }

    private TraceNode node(String node, String name, String status, LatencyModel.Profile profile, int tokens, double slowdown) {
        double ms = latency.sample(profile, random) * slowdown;
        return new TraceNode(node, name, status, Math.round(ms * 10) / 10.0, tokens);
    }
}
