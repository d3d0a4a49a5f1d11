package io.stampede.scenario;

import java.util.List;

import io.stampede.check.Check;

/**
 * {@code from_simulator: { max_turns: 6 }}: a conversation with the simulated user of
 * {@code user.simulator}: it writes a message, the agent answers (a turn of the target's
 * protocol, checked with this step's checks), and so on until the simulator says the goal is met
 * or {@code maxTurns} turns were sent. All turns are measured under this step's name; the
 * simulator's own calls are not (they are the {@code simulator} figures).
 */
public record SimulatedStep(
        String name,
        int maxTurns,
        List<Check> checks,
        FailurePolicy onFailure,
        Position position) implements Step {

    @Override
    public boolean isMultiTurn() {
        return true;
    }
}
