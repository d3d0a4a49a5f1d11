package io.stampede.check;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The registry of check kinds: the YAML key and how to build the check from its argument.
 * A new check is one class plus one line here.
 */
public final class Checks {
    private static final Map<String, Function<CheckArgument, Check>> FACTORIES = new LinkedHashMap<>();

    static {
        FACTORIES.put("status", StatusCheck::from);
        FACTORIES.put("response_contains", ResponseContainsCheck::from);
        FACTORIES.put("response_matches", ResponseMatchesCheck::from);
        FACTORIES.put("json_path", JsonPathCheck::from);
        FACTORIES.put("intent", IntentCheck::from);
        FACTORIES.put("tool_called", ToolCalledCheck::from);
        FACTORIES.put("tools_called", ToolsCalledCheck::from);
        FACTORIES.put("max_latency", MaxLatencyCheck::from);
        FACTORIES.put("ttft", TtftCheck::from);
        FACTORIES.put("max_tokens", MaxTokensCheck::from);
        FACTORIES.put("finish_reason", FinishReasonCheck::from);
        FACTORIES.put("tool_args", ToolArgsCheck::from);
        FACTORIES.put("json_schema", JsonSchemaCheck::from);
        FACTORIES.put("expected_reply", ExpectedReplyCheck::from);
    }

    /** Kinds the scenario loader builds itself (they need more than their argument: templates, defaults). */
    private static final Set<String> READ_BY_LOADER = Set.of("judge");

    private Checks() {
    }

    public static Set<String> kinds() {
        Set<String> all = new java.util.LinkedHashSet<>(FACTORIES.keySet());
        all.addAll(READ_BY_LOADER);
        return Collections.unmodifiableSet(all);
    }

    public static boolean isKnown(String kind) {
        return FACTORIES.containsKey(kind) || READ_BY_LOADER.contains(kind);
    }

    /**
     * Builds a check.
     *
     * @throws IllegalArgumentException with a plain sentence when the argument does not fit
     */
    public static Check create(String kind, CheckArgument argument) {
        Function<CheckArgument, Check> factory = FACTORIES.get(kind);
        if (factory == null) {
            throw new IllegalArgumentException("unknown check '" + kind + "'");
        }
        return factory.apply(argument);
    }
}
