package io.stampede.scenario;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code target.spans}: which of the agent's own OpenTelemetry spans become which node, for
 * spans the built-in conventions (GenAI, OpenInference) do not name. Rules are tried in the
 * order written; the first whose conditions all hold names the node.
 *
 * @param rules in the order written; empty when the scenario has no {@code target.spans}
 * @param declared true when the scenario has {@code target.spans}, even empty: the agent is
 *                 expected to send spans, so a run waits for late ones even if none came during it
 */
public record SpanMapping(List<Rule> rules, boolean declared) {
    public static final SpanMapping NONE = new SpanMapping(List.of(), false);

    /** One way to recognise a node: all conditions hold. */
    public record Rule(String node, List<Condition> conditions) {
    }

    /**
     * {@code field op value}: {@code field} is {@code name} (the span's name), {@code kind} (its
     * span kind: internal, server, client, producer, consumer) or an attribute key (the span's,
     * then its resource's). {@code EXISTS} has no value; {@code MATCHES} finds {@code pattern}.
     */
    public record Condition(String field, Op op, String value, Pattern pattern) {
        public enum Op { EQUALS, NOT_EQUALS, MATCHES, EXISTS }
    }
}
