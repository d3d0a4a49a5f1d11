package io.stampede.metrics;

/**
 * Names what a {@link KeyStats} measures: {@code step:<name>} (a scenario step),
 * {@code node:<type>} (a node of the agent's own pipeline: llm_call, tool_call, rag, memory…),
 * {@code check:<step>/<label>} (pass/fail counts of one check as written, e.g. {@code expect.intent}; no latency), and for streamed
 * steps, each with one meaning:
 * <ul>
 * <li>{@code ttft:<step>} time to first token: from the intended send time to the first event
 * carrying content, reasoning or a tool-call delta (a role-only first chunk does not count);</li>
 * <li>{@code ttfo:<step>} time to first output: to the first visible text, reasoning excluded;</li>
 * <li>{@code itl:<step>} inter-token latency: one sample per gap between consecutive content
 * events, as they arrived;</li>
 * <li>{@code tpot:<step>} time per output token: one sample per turn,
 * (E2E − TTFT) / (output tokens − 1), for turns of at least two output tokens.</li>
 * </ul>
 * {@code generator:lag}: how late the load generator's own event loops were, sampled every
 * 50 ms on each lane — the generator's health, not the agent's latency.
 * and {@code nest:<parent>><child>}: how often a node of type child ran inside one of type
 * parent (counts only, from the agent's own spans, in the run's totals only).
 * The models Stampede itself calls are measured apart from the agent, never in its figures:
 * {@code simulator:calls} and {@code judge:calls} (each call's latency, tokens, failures),
 * {@code simulator:wait} and {@code judge:wait} (how long a call waited for its concurrency
 * limit: the helper's lag), {@code judge:cached} (verdicts taken from the cache, no call).
 *
 * <p>Judged per conversation on the worker: {@link #CONVERSATIONS} ({@code conversation:all}), one
 * execution per completed conversation, ok when it was <em>good</em> (every check passed, every
 * SLO held), its latency the time to resolution, its tokens the conversation's, its failure reason
 * the first thing that made it not good; with {@code load.repeat: k}, {@link #TASKS}
 * ({@code conversation:pass_k}) one execution per task of k attempts, ok when all k were good,
 * failure reason {@code "passed c of k"}, and {@code passk:<step>} the same per step.
 */
public record MetricKey(Kind kind, String name) {

    public enum Kind {
        STEP("step"), NODE("node"), TTFT("ttft"), TTFO("ttfo"), ITL("itl"), TPOT("tpot"), CHECK("check"), NEST("nest"),
        GENERATOR("generator"), CONVERSATION("conversation"), PASSK("passk"), SIMULATOR("simulator"), JUDGE("judge");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    public static String step(String name) {
        return "step:" + name;
    }

    public static String node(String name) {
        return "node:" + name;
    }

    public static String ttft(String step) {
        return "ttft:" + step;
    }

    public static String ttfo(String step) {
        return "ttfo:" + step;
    }

    public static String itl(String step) {
        return "itl:" + step;
    }

    public static String tpot(String step) {
        return "tpot:" + step;
    }

    /** The load generator's own lag. */
    public static final String GENERATOR_LAG = "generator:lag";

    /** A helper model's figure: {@code helper} is {@code simulator} or {@code judge}, {@code what} calls, wait or cached. */
    public static String helper(String helper, String what) {
        return helper + ":" + what;
    }

    /** Completed conversations, judged good or not (see above). */
    public static final String CONVERSATIONS = "conversation:all";

    /** Tasks of {@code load.repeat} attempts, passed when every attempt was good. */
    public static final String TASKS = "conversation:pass_k";

    /** Tasks of {@code load.repeat} attempts, passed for this step when it passed in every attempt. */
    public static String passK(String step) {
        return "passk:" + step;
    }

    /** The failure reason of a task that passed {@code passed} of its {@code k} attempts. */
    public static String attemptsPassed(int passed, int k) {
        return "passed " + passed + " of " + k;
    }

    public static String check(String step, String kind) {
        return "check:" + step + "/" + kind;
    }

    /** A node of type {@code child} ran inside one of type {@code parent}. */
    public static String nest(String parent, String child) {
        return "nest:" + parent + ">" + child;
    }

    /** @throws IllegalArgumentException when the text has no known kind prefix */
    public static MetricKey parse(String key) {
        int colon = key.indexOf(':');
        if (colon > 0) {
            String prefix = key.substring(0, colon);
            for (Kind kind : Kind.values()) {
                if (kind.prefix.equals(prefix)) {
                    return new MetricKey(kind, key.substring(colon + 1));
                }
            }
        }
        throw new IllegalArgumentException("not a metric key: " + key);
    }

    @Override
    public String toString() {
        return kind.prefix + ":" + name;
    }
}
