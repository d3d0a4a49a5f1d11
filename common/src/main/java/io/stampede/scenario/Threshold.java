package io.stampede.scenario;

/**
 * A pass/fail rule on the run's results, e.g. {@code p95_latency: "< 2s"}.
 *
 * <p>{@code metric} is the key as written ({@code step.ask_refund.p99_latency}); the loader
 * splits it into {@code scope} (run, one step, or one node type), {@code subject} (the step or
 * node name, null for the run), {@code measure} and, for latencies, the {@code percentile}
 * (50, 95, 99.9; 100 for max). {@code value} is in the measure's unit: milliseconds for
 * latencies, percent for rates, plain numbers otherwise.
 */
public record Threshold(
        String metric,
        Scope scope,
        String subject,
        Measure measure,
        double percentile,
        Comparison comparison,
        double value,
        String expression,
        Position position) {

    /** The whole run, one step, one node type, or the load generator itself ({@code generator.lag_p99}). */
    public enum Scope { RUN, STEP, NODE, GENERATOR }

    public enum Measure {
        /** Percent of conversations (run) or of executions (step, node) that succeeded. */
        SUCCESS_RATE,
        /** 100 − success rate. */
        ERROR_RATE,
        /** Latency at {@code percentile}, ms. */
        LATENCY,
        /** Time to first token at {@code percentile}, ms. */
        TTFT,
        /** Time to first visible (non-reasoning) token at {@code percentile}, ms. */
        TTFO,
        /** Inter-token latency at {@code percentile}, ms. */
        ITL,
        /** Time per output token at {@code percentile}, ms. */
        TPOT,
        TOKENS_PER_CONVERSATION,
        COST_PER_CONVERSATION,
        TOTAL_COST,
        /** Completed measured steps per second over the run. */
        RPS,
        /** Percent of completed conversations that were good: every check passed, every SLO held. */
        GOODPUT,
        /** Good conversations per second of the run. */
        GOODPUT_RATE,
        /** Total cost divided by the good conversations. */
        COST_PER_GOOD_CONVERSATION
    }

    public enum Comparison {
        LT("<"), LE("<="), GT(">"), GE(">="), EQ("==");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public boolean holds(double actual, double limit) {
            return switch (this) {
                case LT -> actual < limit;
                case LE -> actual <= limit;
                case GT -> actual > limit;
                case GE -> actual >= limit;
                case EQ -> actual == limit;
            };
        }
    }

    public boolean holds(double actual) {
        return comparison.holds(actual, value);
    }
}
