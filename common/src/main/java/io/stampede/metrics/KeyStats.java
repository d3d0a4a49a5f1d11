package io.stampede.metrics;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * What is known about one {@link MetricKey} over some span of time: a latency histogram
 * (microseconds), how many executions and how many failed, tokens, and failure reasons.
 * Reasoning and cached tokens are kept apart as reported by the server: reasoning tokens are
 * part of the output tokens, cached tokens part of the input tokens (as OpenAI counts them).
 * Executions with tokens are also counted by where their tokens came from: the target's own
 * usage ({@link #turnsReported}) or Stampede's count ({@link #turnsCounted}), so a summary can
 * say which counter its token figures rest on.
 *
 * <p>Not thread-safe: a worker lane records into its own instances on its event loop, and
 * the coordinator merges on its own. Recording allocates nothing (a new failure reason adds a
 * map entry, bounded by {@link #MAX_REASONS}).
 */
public final class KeyStats {
    /** Distinct failure reasons kept per key; more are counted under {@link #OTHER_REASONS}. */
    public static final int MAX_REASONS = 50;
    public static final String OTHER_REASONS = "(other reasons)";

    private final Histogram latency;
    private long count;
    private long errors;
    private long inputTokens;
    private long outputTokens;
    private long reasoningTokens;
    private long cachedTokens;
    private long turnsReported;
    private long turnsCounted;
    private final Map<String, Long> failures = new HashMap<>();

    public KeyStats() {
        this(Latencies.newHistogram());
    }

    private KeyStats(Histogram latency) {
        this.latency = latency;
    }

    /** One execution; {@code micros < 0} counts it without a latency (checks, unmeasured steps). */
    public void record(long micros, boolean ok) {
        count++;
        if (!ok) {
            errors++;
        }
        if (micros >= 0) {
            Latencies.record(latency, micros);
        }
    }

    public void addTokens(long input, long output) {
        inputTokens += input;
        outputTokens += output;
    }

    /**
     * Tokens of one execution, which the target reported ({@code reported}) or Stampede counted;
     * an execution without any (a failed exchange, a plain request) counts neither way.
     */
    public void addTokens(long input, long output, boolean reported) {
        addTokens(input, output);
        if (reported) {
            turnsReported++;
        } else if (input > 0 || output > 0) {
            turnsCounted++;
        }
    }

    /** Of the tokens added with {@link #addTokens}: how many were reasoning (output) and cached (input). */
    public void addTokenDetails(long reasoning, long cached) {
        reasoningTokens += reasoning;
        cachedTokens += cached;
    }

    public void addFailure(String reason) {
        addFailure(reason, 1);
    }

    public void addFailure(String reason, long n) {
        String key = failures.containsKey(reason) || failures.size() < MAX_REASONS ? reason : OTHER_REASONS;
        failures.merge(key, n, Long::sum);
    }

    /** Adds everything of {@code other} into this one. */
    public void add(KeyStats other) {
        latency.add(other.latency);
        count += other.count;
        errors += other.errors;
        inputTokens += other.inputTokens;
        outputTokens += other.outputTokens;
        reasoningTokens += other.reasoningTokens;
        cachedTokens += other.cachedTokens;
        turnsReported += other.turnsReported;
        turnsCounted += other.turnsCounted;
        other.failures.forEach(this::addFailure);
    }

    public void reset() {
        latency.reset();
        count = 0;
        errors = 0;
        inputTokens = 0;
        outputTokens = 0;
        reasoningTokens = 0;
        cachedTokens = 0;
        turnsReported = 0;
        turnsCounted = 0;
        failures.clear();
    }

    public KeyStats copy() {
        KeyStats c = new KeyStats(latency.copy());
        c.count = count;
        c.errors = errors;
        c.inputTokens = inputTokens;
        c.outputTokens = outputTokens;
        c.reasoningTokens = reasoningTokens;
        c.cachedTokens = cachedTokens;
        c.turnsReported = turnsReported;
        c.turnsCounted = turnsCounted;
        c.failures.putAll(failures);
        return c;
    }

    /** Rebuilds from the wire form, with reasoning and cached tokens. */
    public static KeyStats of(Histogram latency, long count, long errors, long inputTokens, long outputTokens,
                              long reasoningTokens, long cachedTokens, Map<String, Long> failures) {
        KeyStats s = of(latency, count, errors, inputTokens, outputTokens, failures);
        s.reasoningTokens = reasoningTokens;
        s.cachedTokens = cachedTokens;
        return s;
    }

    /** Rebuilds from the wire form, with where its tokens came from. */
    public static KeyStats of(Histogram latency, long count, long errors, long inputTokens, long outputTokens,
                              long reasoningTokens, long cachedTokens, long turnsReported, long turnsCounted,
                              Map<String, Long> failures) {
        KeyStats s = of(latency, count, errors, inputTokens, outputTokens, reasoningTokens, cachedTokens, failures);
        s.turnsReported = turnsReported;
        s.turnsCounted = turnsCounted;
        return s;
    }

    /**
     * Rebuilds from the wire form. The stats take {@code latency} as theirs (one of
     * {@link Latencies}' shape, as {@link HistogramCodec#decode} returns it), not a copy: a
     * coordinator decodes every key of every lane every second, and each copy is 190 KB.
     */
    public static KeyStats of(Histogram latency, long count, long errors, long inputTokens, long outputTokens, Map<String, Long> failures) {
        KeyStats s = new KeyStats(latency);
        s.count = count;
        s.errors = errors;
        s.inputTokens = inputTokens;
        s.outputTokens = outputTokens;
        failures.forEach(s::addFailure);
        return s;
    }

    public Histogram latency() {
        return latency;
    }

    public long count() {
        return count;
    }

    public long errors() {
        return errors;
    }

    public long inputTokens() {
        return inputTokens;
    }

    public long outputTokens() {
        return outputTokens;
    }

    public long reasoningTokens() {
        return reasoningTokens;
    }

    public long cachedTokens() {
        return cachedTokens;
    }

    /** Executions whose tokens the target reported. */
    public long turnsReported() {
        return turnsReported;
    }

    /** Executions whose tokens Stampede counted, the target having reported none. */
    public long turnsCounted() {
        return turnsCounted;
    }

    public Map<String, Long> failures() {
        return Collections.unmodifiableMap(failures);
    }
}
