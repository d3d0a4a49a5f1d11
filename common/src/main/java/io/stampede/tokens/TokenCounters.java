package io.stampede.tokens;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Which {@link TokenCounter} a target's tokens are counted with when it reports no usage:
 * {@code target.tokenizer} names one, or {@code auto} (the default) picks it from
 * {@code target.model} as tiktoken does — o200k_base for GPT-4o, GPT-4.1, GPT-4.5, GPT-5, the o
 * series and gpt-oss; cl100k_base for GPT-4 and GPT-3.5; p50k_base and r50k_base for the old
 * completion models — and the estimate for any other model (Claude, Llama, Qwen, an agent's own
 * name…), whose tokenizers are not available as a library here.
 *
 * <p>An encoding is loaded once per process, on first use (under a second, and about 14 MB of
 * heap for cl100k_base, 30 MB for o200k_base); a lane asks for it while it is set up, before the
 * run's start instant, so no turn waits for it. Thread-safe.
 */
public final class TokenCounters {
    /** The {@code target.tokenizer} setting that picks the counter from the model's name. */
    public static final String AUTO = "auto";
    /** The estimate's name: one token per CJK character, one per four other characters. */
    public static final String ESTIMATE = "estimate";
    /** How reports name tokens that the target itself reported (its usage block). */
    public static final String REPORTED = "reported";

    private static final Map<String, EncodingType> ENCODINGS = Map.of(
            "o200k_base", EncodingType.O200K_BASE,
            "cl100k_base", EncodingType.CL100K_BASE,
            "p50k_base", EncodingType.P50K_BASE,
            "r50k_base", EncodingType.R50K_BASE);

    /** What {@code target.tokenizer} accepts. */
    public static final List<String> SETTINGS = List.of(AUTO, "o200k_base", "cl100k_base", "p50k_base", "r50k_base", ESTIMATE);

    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
    private static final Map<String, TokenCounter> LOADED = new ConcurrentHashMap<>();

    private TokenCounters() {
    }

    /**
     * The counter's name for a target: {@code setting} itself unless it is {@code auto} (or
     * null), then the encoding of {@code model}'s family, or {@code estimate}.
     */
    public static String resolve(String setting, String model) {
        if (setting != null && !setting.equals(AUTO)) {
            return setting;
        }
        return model == null ? ESTIMATE : forModel(model);
    }

    /** The counter named {@code name} (an encoding or {@code estimate}), loaded on first use. */
    public static TokenCounter of(String name) {
        EncodingType type = ENCODINGS.get(name);
        if (type == null) {
            if (name.equals(ESTIMATE)) {
                return TokenCounter.ESTIMATE;
            }
            throw new IllegalArgumentException("no token counter named '" + name + "': one of " + SETTINGS);
        }
        return LOADED.computeIfAbsent(name, n -> new BpeCounter(n, REGISTRY.getEncoding(type)));
    }

    /** The counter for a target's {@code tokenizer} setting and {@code model}. */
    public static TokenCounter forTarget(String setting, String model) {
        return of(resolve(setting, model));
    }

    /** The encoding tiktoken uses for a model of OpenAI's, by its name; else {@code estimate}. */
    static String forModel(String model) {
        String m = model.strip().toLowerCase(Locale.ROOT);
        int slash = m.lastIndexOf('/');
        if (slash >= 0) {
            m = m.substring(slash + 1); // openai/gpt-4o, azure/gpt-4o: the provider is not the model
        }
        if (m.startsWith("ft:")) {
            m = m.substring(3); // a fine-tuned model has its base model's tokenizer
        }
        if (startsWithAny(m, "gpt-4o", "chatgpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "gpt-oss", "omni-moderation")
                || family(m, "o1") || family(m, "o3") || family(m, "o4")) {
            return "o200k_base";
        }
        if (startsWithAny(m, "gpt-4", "gpt-3.5", "gpt-35", "text-embedding-3", "text-embedding-ada-002",
                "davinci-002", "babbage-002")) {
            return "cl100k_base";
        }
        if (startsWithAny(m, "text-davinci-002", "text-davinci-003", "code-davinci", "code-cushman", "davinci-codex",
                "cushman-codex")) {
            return "p50k_base";
        }
        if (startsWithAny(m, "text-davinci-001", "text-curie", "text-babbage", "text-ada", "text-similarity",
                "text-search") || m.equals("davinci") || m.equals("curie") || m.equals("babbage") || m.equals("ada")) {
            return "r50k_base";
        }
        return ESTIMATE;
    }

    /** {@code o1}, {@code o1-mini}, {@code o3-2025-04-16}; not {@code o1x}. */
    private static boolean family(String m, String name) {
        return m.equals(name) || m.startsWith(name + "-");
    }

    private static boolean startsWithAny(String m, String... prefixes) {
        for (String p : prefixes) {
            if (m.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
