package io.stampede.otlp;

import java.util.ArrayList;
import java.util.List;

import io.stampede.scenario.Scenario;
import io.stampede.scenario.SendStep;
import io.stampede.scenario.Step;

/**
 * Which step a turn number in a trace id is. The engine numbers the sends of a conversation
 * from 1 and stamps each request with the turn of the last send, so a {@code request} or
 * {@code call_tool} step after a send shares that send's turn and its spans count under it;
 * steps before the first send carry turn 0 and count under the first of them.
 */
final class TurnSteps {
    private final String[] byTurn;
    /** A step of many turns (from_dataset, from_simulator): the turns past the written ones are its. */
    private final String manyTurns;

    private TurnSteps(String[] byTurn, String manyTurns) {
        this.byTurn = byTurn;
        this.manyTurns = manyTurns;
    }

    static TurnSteps of(Scenario scenario) {
        List<String> names = new ArrayList<>();
        names.add(null);
        String manyTurns = null;
        for (Step step : scenario.steps()) {
            if (step.isMultiTurn() && manyTurns == null) {
                manyTurns = step.name();
            }
            if (step instanceof SendStep send) {
                while (names.size() <= send.turn()) {
                    names.add(step.name());
                }
            } else if (names.get(0) == null && names.size() == 1 && step.isMeasured()) {
                names.set(0, step.name());
            }
        }
        return new TurnSteps(names.toArray(new String[0]), manyTurns);
    }

    /** The step of a turn; a turn the scenario does not have is named by its number. */
    String step(int turn) {
        String name = turn >= 0 && turn < byTurn.length ? byTurn[turn] : null;
        return name != null ? name : manyTurns != null ? manyTurns : "turn_" + turn;
    }
}
