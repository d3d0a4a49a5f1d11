package io.stampede.scenario;

import java.nio.file.Path;

import io.stampede.dataset.SyntheticPrompts;

/**
 * A conversation dataset ({@code data:} other than CSV rows): the rows a {@code from_dataset}
 * step sends, and how users draw them ({@code io.stampede.dataset.DrawOrder}).
 *
 * <ul>
 * <li>{@link Kind#JSONL}: a JSONL file of conversations (OpenAI messages or ShareGPT);</li>
 * <li>{@link Kind#REPLAY}: the {@code conversations.jsonl} of a recorded run's folder, replayed with
 *     its {@code timing};</li>
 * <li>{@link Kind#SYNTHETIC}: prompts made to a length ({@link SyntheticPrompts}); no file.</li>
 * </ul>
 * The coordinator reads files and serves rows to the workers on request, so a file is read by
 * row, never whole, and never travels whole.
 *
 * @param source   the file or folder as written (for messages and the results)
 * @param file     the file to read, resolved on the node that read the scenario from disk; null on
 *                 a worker (rows come from the coordinator) and for synthetic prompts
 * @param seed     for {@code order: random | weighted} and synthetic prompts ({@code seed:}, default 1): the
 *                 same seed, the same draws, run after run
 * @param speed    replay: how much faster than recorded ({@code scaled}); 1 for {@code recorded}
 */
public record Dataset(Kind kind, String source, Path file, Order order, boolean unique, long seed, Timing timing,
                      double speed, SyntheticPrompts synthetic) {

    public enum Kind { JSONL, REPLAY, SYNTHETIC }

    public enum Order {
        SEQUENTIAL("sequential"), RANDOM("random"), WEIGHTED("weighted");

        private final String yamlName;

        Order(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }
    }

    /** How a replay is paced. */
    public enum Timing {
        /** Conversations back to back on {@code load.users} users, no think time. */
        AS_FAST("as-fast"),
        /** Each conversation starts when it did, each turn after the think time it had. */
        RECORDED("recorded"),
        /** As recorded, {@code speed} times faster. */
        SCALED("scaled");

        private final String yamlName;

        Timing(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }
    }

    /** The file a recorded run keeps its conversations in. */
    public static final String RECORDING = "conversations.jsonl";

    /** True when the conversations come at their recorded times (an arrival per recorded conversation). */
    public boolean pacedByRecording() {
        return kind == Kind.REPLAY && timing != Timing.AS_FAST;
    }

    /**
     * The think time before a turn of a replay, in ms: the recorded one over {@code speed} when
     * paced by the recording, none as fast as can be; -1 for other datasets (the load's think_time).
     */
    public long thinkMs(long recordedMs) {
        if (kind != Kind.REPLAY) {
            return -1;
        }
        return pacedByRecording() ? Math.max(0, Math.round(Math.max(0, recordedMs) / speed)) : 0;
    }

    /** The same dataset as a worker knows it: no file, its rows come from the coordinator. */
    public Dataset remote() {
        return new Dataset(kind, source, null, order, unique, seed, timing, speed, synthetic);
    }
}
