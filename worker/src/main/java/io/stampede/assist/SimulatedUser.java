package io.stampede.assist;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stampede.scenario.Simulator;
import io.stampede.template.Variables;
import io.vertx.core.Future;

/**
 * The simulated user of one lane ({@code user.simulator}): given the persona, the goal and the
 * conversation so far, the model writes the user's next message. It sees the conversation from
 * the user's side — the agent's replies as what it is told, its own messages as what it said —
 * and writes {@code stop_when} once the goal is met, which ends the conversation (that message is
 * not sent). Its calls are a {@link ModelClient}'s: limited, timed and recorded as the
 * {@code simulator} figures. On the lane's event loop only.
 */
public final class SimulatedUser {
    /** What to do next: send {@code message}, or stop ({@code message} null); {@code error} when the simulator failed. */
    public record Next(String message, String error) {
        public boolean stop() {
            return message == null;
        }
    }

    /** One exchange of the conversation so far: what the user said and what the agent answered. */
    public record Exchange(String user, String agent) {
    }

    static final String OPENING = "(The conversation begins. Write your first message to the agent.)";

    private final Simulator simulator;
    private final ModelClient client;

    public SimulatedUser(Simulator simulator, ModelClient client) {
        this.simulator = simulator;
        this.client = client;
    }

    /**
     * The user's next message after {@code so far} ({@code turn} messages already sent, from 0).
     * The first message is {@code first_message} when the scenario wrote one.
     */
    public Future<Next> next(List<Exchange> soFar, Variables userVariables, long seedMix) {
        // The request's seed, when the scenario asked for one: the same user and conversation, the same seed.
        Variables variables = name -> name.equals("simulator_seed")
                ? (simulator.seed() == null ? 0 : simulator.seed()) + seedMix : userVariables.lookup(name);
        if (soFar.isEmpty() && simulator.firstMessage() != null) {
            return Future.succeededFuture(new Next(simulator.firstMessage().render(variables), null));
        }
        List<Map<String, Object>> history = new ArrayList<>(soFar.size() * 2 + 1);
        history.add(message("system", systemPrompt(variables)));
        String last = OPENING;
        for (int i = 0; i < soFar.size(); i++) {
            Exchange e = soFar.get(i);
            if (i == 0) {
                history.add(message("user", OPENING));
            } else {
                history.add(message("user", soFar.get(i - 1).agent()));
            }
            history.add(message("assistant", e.user()));
            last = e.agent() == null || e.agent().isBlank() ? "(no answer)" : e.agent();
        }
        return client.ask(history, last, variables).map(answer -> {
            if (!answer.ok()) {
                return new Next(null, answer.error());
            }
            String text = answer.text().strip();
            return text.contains(simulator.stopWhen()) || text.isEmpty() ? new Next(null, null) : new Next(text, null);
        });
    }

    String systemPrompt(Variables variables) {
        String persona = simulator.persona().render(variables);
        return "You play a customer talking to a support agent, to test the agent. Stay in your role: answer with the"
                + " customer's next message alone, in their words, short, no narration."
                + (persona.isBlank() ? "" : "\nWho you are: " + persona)
                + "\nYour goal: " + simulator.goal().render(variables)
                + "\nWhen your goal is met, or the agent cannot meet it, write only " + simulator.stopWhen() + ".";
    }

    private static Map<String, Object> message(String role, String content) {
        Map<String, Object> m = new LinkedHashMap<>(2);
        m.put("role", role);
        m.put("content", content);
        return m;
    }

    public Future<Void> close() {
        return client.close();
    }
}
