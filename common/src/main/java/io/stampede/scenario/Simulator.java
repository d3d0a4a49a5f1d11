package io.stampede.scenario;

import io.stampede.template.Template;

/**
 * {@code user: { simulator: … }}: an LLM that plays the user of a {@code from_simulator} step.
 * Given the persona, the goal and the conversation so far it writes the user's next message,
 * until it writes {@code stopWhen} (the goal is met) or {@code maxTurns} messages were sent.
 * Its calls are its own: their latency, tokens and cost are recorded apart from the agent's,
 * and at most {@code concurrency} of them run at once on each worker.
 *
 * @param endpoint     the OpenAI-compatible server (or Anthropic, Responses) that plays the user
 * @param persona      who the user is, e.g. {@code "{{user_profile}}"}
 * @param goal         what the user wants from the agent
 * @param firstMessage the opening message, sent as written; null: the simulator writes it too
 * @param stopWhen     the text the simulator writes when the goal is met (that message is not sent)
 * @param seed         sent as the request's {@code seed} (plus the user and conversation), or null
 * @param temperature  sent as the request's {@code temperature}, or null
 */
public record Simulator(Target endpoint, Template persona, Template goal, Template firstMessage, int maxTurns, String stopWhen,
                        Long seed, Double temperature, int concurrency) {
    public static final String DEFAULT_STOP = "###STOP###";
    public static final int DEFAULT_CONCURRENCY = 32;
}
